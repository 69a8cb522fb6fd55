#!/usr/bin/env bash
# Renders reports/bench/index.html from the benchmark results in reports/bench/*.txt: for each ratio its latest
# value against its target as a bar chart (inline SVG, no dependencies), then every run's line as history.
#   bench/report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=reports/bench
mkdir -p "$dir"
# metric lines: "label|value|target|direction|note" (direction: max = at most the target, min = at least; the note is
# shown in place of a target when there is none)
metrics() {
  last() { [[ -f $dir/$1.txt ]] && tail -n 1 "$dir/$1.txt" || true; }
  field() { grep -oE "(^| )$1=[0-9.]*" <<<"$2" | head -n 1 | cut -d= -f2; }  # a whole name: ttft_ratio is not first_ttft_ratio
  local l
  l=$(last startup); [[ -n $l ]] && echo "start-up of a full sandbox vs bare engine|$(field ratio "$l")|3.0|max"
  l=$(last proxy); if [[ -n $l ]]; then
    echo "1,000 small requests through the proxy vs direct|$(field requests_ratio "$l")|1.3|max"
    echo "200 MB download throughput through the proxy vs direct|$(field throughput_ratio "$l")|0.8|min"
    v=$(field https_throughput_ratio "$l")
    [[ -n $v ]] && echo "200 MB download over HTTPS (CONNECT tunnel) through the proxy vs direct|$v|0.8|min"
  fi
  l=$(last model); if [[ -n $l ]]; then
    echo "model: time to first token, first request (new connection), sandbox vs direct|$(field first_ttft_ratio "$l")||max|no target"
    echo "model: time to first token, kept-alive connection, sandbox vs direct|$(field ttft_ratio "$l")||max|no target"
    echo "model: 20-turn Claude Code session, sandbox vs direct|$(field session_ratio "$l")||max|no target"
  fi
  l=$(last audit); [[ -n $l ]] && echo "2,000 process starts recorded vs not|$(field ratio "$l")|1.25|max"
  l=$(last workspace); if [[ -n $l ]]; then
    # second start per workspace size, against the bare engine; "about the same at every size" (no fixed target)
    for size in 10 1000 20000; do
      v=$(grep -o "files=$size first_ms=[0-9]* second_ms=[0-9]* second_ratio=[0-9.]*" <<<"$l" | grep -o 'second_ratio=[0-9.]*' | cut -d= -f2)
      [[ -n $v ]] && echo "second start, workspace of $size files, vs bare engine|$v||max|same at every size"
    done
  fi
  return 0
}
mapfile -t rows < <(metrics)
((${#rows[@]})) || { echo "bench/report.sh: no results in $dir: run bench/*.sh first" >&2; exit 1; }
{
  echo '<!doctype html><html lang="en"><meta charset="utf-8"><title>paude benchmarks</title>'
  echo '<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1000px}td,th{padding:2px 8px;text-align:left}'
  echo '.ok{color:#1a7f37}.miss{color:#cf222e}pre{background:#f6f8fa;padding:1em;overflow:auto}</style>'
  echo '<h1>paude benchmarks</h1><p>Each value is a ratio against the bare engine (or direct access) measured in the'
  echo 'same run, the median of several runs. The mark on each bar is the target. Not timed tests: a busy machine'
  echo 'moves the numbers; the history below shows the trend.</p>'
  printf '%s\n' "${rows[@]}" | awk -F'|' '
    { label[NR]=$1; value[NR]=$2+0; target[NR]=$3; dir[NR]=$4; note[NR]=$5; m = (value[NR] > m ? value[NR] : m);
      if ($3 != "" && $3+0 > m) m = $3+0 }
    END {
      h = 34; w = 960; left = 420; scale = (w - left - 60) / (m * 1.1);
      printf "<svg role=\"img\" aria-label=\"benchmark ratios\" width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">\n", w, NR * h + 10;
      for (i = 1; i <= NR; i++) {
        y = (i - 1) * h + 5; ok = (target[i] == "") ? 2 : (dir[i] == "max" ? value[i] <= target[i] : value[i] >= target[i]);
        color = ok == 2 ? "#57606a" : (ok ? "#2da44e" : "#cf222e");
        printf "<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text>\n", y + 18, label[i];
        printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"%s\"/>\n", left, y + 3, value[i] * scale, color;
        printf "<text x=\"%d\" y=\"%d\" font-size=\"13\">%.2f</text>\n", left + value[i] * scale + 6, y + 18, value[i];
        if (target[i] != "") printf "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\"><title>target %s %s</title></line>\n",
          left + target[i] * scale, left + target[i] * scale, y, y + 28, dir[i] == "max" ? "at most" : "at least", target[i];
      }
      print "</svg>";
      print "<table><tr><th>measure</th><th>latest</th><th>target</th><th></th></tr>";
      for (i = 1; i <= NR; i++) {
        verdict = target[i] == "" ? "" : ((dir[i] == "max" ? value[i] <= target[i] : value[i] >= target[i]) ? "<span class=ok>met</span>" : "<span class=miss>missed</span>");
        printf "<tr><td>%s</td><td>%.2f</td><td>%s</td><td>%s</td></tr>\n", label[i], value[i],
          target[i] == "" ? note[i] : (dir[i] == "max" ? "&le; " : "&ge; ") target[i], verdict;
      }
      print "</table>";
    }'
  echo '<h2>History</h2>'
  for f in "$dir"/*.txt; do
    echo "<h3>$(basename "$f")</h3><pre>"; sed 's/&/\&amp;/g; s/</\&lt;/g' "$f"; echo '</pre>'
  done
  echo '</html>'
} > "$dir/index.html"
echo "$dir/index.html"

#!/usr/bin/env bash
# Time of the pre-flight secrets scan on a generated workspace of N files (default 20,000): the first scan reads
# every file, the second finds them unchanged in its cache (as on a second start of the same workspace).
# Each time includes the JVM start; the time of 'paude --version' is printed alongside as that floor, and the
# load average, because on a shared machine wall time mostly measures the neighbours.
# Results also go to reports/bench/secrets-scan.txt.
#   bench/secrets-scan.sh [N]
# Not a timed test: nothing fails on a slow machine; the numbers are for reading and for trends.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
source bench/lib.sh
ws=$(mktemp -d); home=$(mktemp -d)
trap 'rm -rf "$ws" "$home"' EXIT

# A project-like tree: 100 files per directory, source-like text of 1 to 4 KiB, one masked .env.
python3 - "$ws" "$n" <<'PY'
import os, random, sys
ws, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
words = "def class return import value self config data item list index count total name path key token".split()
for i in range(n):
    d = os.path.join(ws, "src", "pkg%d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    size = 1024 * (1 + i % 4)
    lines, length = [], 0
    while length < size:
        line = "    " + " ".join(rnd.choice(words) for _ in range(8)) + " = %d" % rnd.randrange(10**6)
        lines.append(line); length += len(line) + 1
    with open(os.path.join(d, "file%d.py" % (i % 100)), "w") as f:
        f.write("\n".join(lines) + "\n")
PY
echo "API_KEY=super_secret_123" > "$ws/.env"

# Wall time and CPU time (user+sys) in ms; on a shared machine the CPU time is the steadier number.
TIMEFORMAT='%R %U %S'
measure() { local t; t=$( { time "$@" >/dev/null 2>&1; } 2>&1 || true); awk 'END {printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' <<<"$t"; }
scan() { HOME="$home" java -jar "$jar" secrets scan --workspace "$ws" || true; }
read -r jvm jvm_cpu < <(measure java -jar "$jar" --version)
read -r first first_cpu < <(measure scan)
read -r second second_cpu < <(measure scan)
files=$(find "$ws" -type f | wc -l)
mb=$(du -sm "$ws" | cut -f1)
load=$(cut -d' ' -f1 /proc/loadavg); cores=$(nproc)
mkdir -p reports/bench
line="secrets-scan $(date -u +%FT%TZ) files=$files size_mb=$mb first_ms=$first first_cpu_ms=$first_cpu second_ms=$second second_cpu_ms=$second_cpu jvm_floor_ms=$jvm jvm_floor_cpu_ms=$jvm_cpu load=$load cores=$cores"
echo "$line" | tee -a reports/bench/secrets-scan.txt

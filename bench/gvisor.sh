#!/usr/bin/env bash
# The cost of the second wall: the agent under gVisor (--runtime runsc) against the engine's default runtime (runc),
# each pair timed in the same run by farm-bench (A = gVisor, B = default, interleaved A B A B; the ratio is the
# median of the pairs' A/B wall times). Four figures:
#   startup   a whole sandboxed session, 'paude run -- true' (launcher, proxy, agent, teardown);
#   procs     2000 process starts inside a started session, through 'paude exec' (the audit recorder included);
#   git       a file-heavy git operation inside a session: 2000 files written, added, committed and listed;
#   audit     under gVisor only: 'paude exec' (recorded by ptrace) against the same loop dropped to the agent's user
#             by setpriv through the engine's exec (not recorded): what the audit costs there.
# Lines go to reports/bench/gvisor.txt. Needs gVisor registered as runsc (bash .ci/setup-engine docker gvisor).
#   bench/gvisor.sh [docker|podman] [RUNS]
# Not a timed test: nothing fails on a slow or busy machine; the numbers are for reading and for trends.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}; n=${2:-5}
source bench/lib.sh
command -v farm-bench >/dev/null || { echo "bench: farm-bench is not installed" >&2; exit 1; }
ws=$(mktemp -d); chown 1000:1000 "$ws" 2>/dev/null || true
export PAUDE_ENGINE=$engine
p="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $PWD/$jar"
gv=$($p start --runtime runsc --agent shell --allow-network --workspace "$ws" 2>/dev/null)
df=$($p start --runtime default --agent shell --allow-network --workspace "$ws" 2>/dev/null)
trap '$p stop "$gv" "$df" >/dev/null 2>&1 || true; rm -rf "$ws"' EXIT
ids="$(stat -c %u "$ws"):$(stat -c %g "$ws")"; [[ $ids == 0:* ]] && ids=1000:1000
procs='i=0; while [ $i -lt 2000 ]; do /bin/true; i=$((i+1)); done'
git='cd /tmp && rm -rf r && mkdir r && cd r && git init -q && i=0 && while [ $i -lt 2000 ]; do echo $i > f$i; i=$((i+1)); done && git add -A && git -c user.name=b -c user.email=b@b commit -qm x && git status --short | wc -l'
mkdir -p reports/bench
out=reports/bench/gvisor.txt
ratio() { # ratio NAME RUNS A B : farm-bench's median A/B wall, appended with its context
  local name=$1 runs=$2 res; shift 2
  res=$(farm-bench -n "$runs" --timeout 1800 --vs "$2" -- sh -c "$1" 2>&1)
  local r a b
  r=$(awk '$1=="A/B" && $2=="wall" {print $4}' <<<"$res"); a=$(awk '$1=="A" && $2=="wall" {print $4}' <<<"$res")
  b=$(awk '$1=="B" && $2=="wall" {print $4}' <<<"$res")
  [[ -n $r ]] || { echo "bench: farm-bench gave no ratio for $name:" >&2; echo "$res" >&2; exit 1; }
  echo "gvisor $name engine=$engine runs=$runs gvisor_s=$a default_s=$b ratio=$r date=$(date -u +%FT%TZ)" | tee -a "$out"
}
ratio startup "$n" "$p run --runtime runsc --agent shell --workspace $ws -- true >/dev/null 2>&1" \
  "sh -c '$p run --runtime default --agent shell --workspace $ws -- true >/dev/null 2>&1'"
ratio procs "$n" "$p exec $gv -- sh -c '$procs'" "$p exec $df -- sh -c '$procs'"
ratio git "$n" "$p exec $gv -- sh -c '$git' >/dev/null" "sh -c \"$p exec $df -- sh -c '$git' >/dev/null\""
plain="$engine exec --user 0:0 $gv-agent setpriv --reuid=${ids%:*} --regid=${ids#*:} --clear-groups --bounding-set=-all --inh-caps=-all -- sh -c '$procs'"
if [[ ${GVISOR_BENCH_AUDIT:-1} == 1 ]]; then # GVISOR_BENCH_AUDIT=0 leaves it out (about 5 minutes)
  ratio audit "$n" "$p exec $gv -- sh -c '$procs'" "$plain"
fi

#!/usr/bin/env bash
# Cost of the command audit: 2000 process starts inside a real paude session, recorded (through 'paude exec',
# which runs the command under the same recorder as the session's agent) and not recorded (the same command in
# the same container, dropped to the agent's user by setpriv but without the recorder). The time is taken inside the
# container around the workload only, so engine and JVM start-up do not count. Prints the medians of N rounds
# (interleaved) and their ratio; the line is appended to reports/bench/audit.txt.
#   bench/audit.sh [docker|podman] [N]
# Not a timed test: nothing fails on a slow or busy machine; the numbers are for reading and for trends.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}; n=${2:-5}; procs=2000
source bench/lib.sh
ws=$(mktemp -d); chown 1000:1000 "$ws" 2>/dev/null || true
export PAUDE_ENGINE=$engine
paude() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" "$@"; }
session=$(paude start --agent shell --allow-network --workspace "$ws" 2>/dev/null)
trap 'paude stop "$session" >/dev/null 2>&1 || true; rm -rf "$ws"' EXIT
ids="$(stat -c %u "$ws"):$(stat -c %g "$ws")"
[[ $ids == 0:* ]] && ids=1000:1000
# prints the milliseconds the loop took
loop="s=\$(date +%s%N); i=0; while [ \$i -lt $procs ]; do /bin/true; i=\$((i+1)); done; e=\$(date +%s%N); echo \$(( (e-s)/1000000 ))"
recorded() { paude exec "$session" -- bash -c "$loop"; }
plain() {
  "$engine" exec --user 0:0 --workdir "$ws" "$session-agent" setpriv --reuid="${ids%:*}" --regid="${ids#*:}" \
    --clear-groups --bounding-set=-all --inh-caps=-all -- bash -c "$loop"
}

plain >/dev/null; recorded >/dev/null   # warm caches once
p=(); r=()
for _ in $(seq "$n"); do p+=("$(plain)"); r+=("$(recorded)"); done
pm=$(printf '%s\n' "${p[@]}" | median); rm_=$(printf '%s\n' "${r[@]}" | median)
ratio=$(awk -v r="$rm_" -v p="$pm" 'BEGIN {printf "%.2f", r / p}')
mkdir -p reports/bench
line="audit engine=$engine processes=$procs rounds=$n plain_ms=$pm recorded_ms=$rm_ ratio=$ratio target<=1.25 date=$(date -u +%FT%TZ)"
echo "$line" | tee -a reports/bench/audit.txt

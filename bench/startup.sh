#!/usr/bin/env bash
# Start-up overhead of a full paude sandbox against the bare engine, measured in the same run.
# Prints the median of N runs of each and their ratio; results also go to reports/bench/startup.txt.
#   bench/startup.sh [docker|podman] [N]
# Not a timed test: nothing fails on a slow machine; the numbers are for reading and for trends.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}; n=${2:-7}
jar=launcher/target/paude.jar
[[ -f $jar ]] || mvn -q -B -pl launcher -am package -DskipTests
version=$(java -jar "$jar" --version | awk '{print $2}')
image="paude-agent:$version"
ws=$(mktemp -d); chown 1000:1000 "$ws" 2>/dev/null || true

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# the milliseconds a command took; a failing command stops the benchmark with its output (a refused start is fast)
time_ms() {
  local s e out; s=$(date +%s%N)
  out=$("$@" 2>&1) || { echo "bench: failed: $*" >&2; echo "$out" >&2; exit 1; }
  e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
}
bare() { "$engine" run --rm --ulimit nofile=1024:4096 --ulimit nproc=1024:4096 "$image" true; }
# What users run: the ./paude wrapper (JIT settings and class-data sharing included).
sandbox() { ./paude run --engine "$engine" --agent shell --workspace "$ws" -- true; }

bare; sandbox; sandbox   # warm caches once (the first ./paude run records its class-data archive)
b=$(for _ in $(seq "$n"); do time_ms bare; done | median)
s=$(for _ in $(seq "$n"); do time_ms sandbox; done | median)
ratio=$(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.2f", s / b}')
mkdir -p reports/bench
line="startup engine=$engine runs=$n bare_ms=$b sandbox_ms=$s ratio=$ratio target<=3.0 date=$(date -u +%FT%TZ)"
echo "$line" | tee -a reports/bench/startup.txt
rm -rf "$ws"

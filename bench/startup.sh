#!/usr/bin/env bash
# Start-up overhead of a full paude sandbox against the bare engine, measured in the same run.
# Prints the median of N runs of each and their ratio; results also go to reports/bench/startup.txt.
#   bench/startup.sh [docker|podman] [N]
# Not a timed test: nothing fails on a slow machine; the numbers are for reading and for trends.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}; n=${2:-7}
source bench/lib.sh
image="paude-agent:$version"
ws=$(mktemp -d); chown 1000:1000 "$ws" 2>/dev/null || true

bare() { "$engine" run --rm --ulimit nofile=1024:4096 --ulimit nproc=1024:4096 "$image" true; }
# What users run: the ./paude wrapper (JIT settings and class-data sharing included).
sandbox() { ./paude run --engine "$engine" --agent shell --workspace "$ws" -- true; }

bare; sandbox; sandbox   # warm caches once (the first ./paude run records its class-data archive)
# interleaved, a bare start then a sandbox's in each round: a drift of the machine's speed affects both alike
bs=(); ss=()
for _ in $(seq "$n"); do bs+=("$(time_ms bare)"); ss+=("$(time_ms sandbox)"); done
b=$(printf '%s\n' "${bs[@]}" | median)
s=$(printf '%s\n' "${ss[@]}" | median)
ratio=$(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.2f", s / b}')
mkdir -p reports/bench
line="startup engine=$engine runs=$n bare_ms=$b sandbox_ms=$s ratio=$ratio target<=3.0 date=$(date -u +%FT%TZ)"
echo "$line" | tee -a reports/bench/startup.txt
rm -rf "$ws"

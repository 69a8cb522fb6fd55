#!/usr/bin/env bash
# Runs every ratio benchmark against one engine, then renders reports/bench/index.html (bench/report.sh).
# Run it on an otherwise idle machine: the numbers are medians of several runs, but other load moves them.
#   bench/all.sh [docker|podman] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}; n=${2:-5}
bench/startup.sh "$engine" "$n"
bench/proxy.sh "$engine" "$(( n < 3 ? n : 3 ))"
bench/model.sh "$engine" "$(( n < 3 ? n : 3 ))"
bench/audit.sh "$engine" "$n"
bench/workspace.sh "$engine" "$(( n < 3 ? n : 3 ))"
bench/report.sh

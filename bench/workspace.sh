#!/usr/bin/env bash
# Start-up as the workspace grows: a git repository of 10, 1,000 and 20,000 files (committed, so the session's git
# backup and secrets pre-flight scan have real work), started twice each; the bare engine's start in the same run
# is the baseline. The second start should cost about the same at every size (the backup is incremental and the
# scan is cached), so the line reports first/second start ratios per size. Appends to reports/bench/workspace.txt.
#   bench/workspace.sh [docker|podman] [N]
# Not a timed test: nothing fails on a slow or busy machine; the numbers are for reading and for trends.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}; n=${2:-3}
source bench/lib.sh
image="paude-agent:$version"
export XDG_STATE_HOME; XDG_STATE_HOME=$(mktemp -d)   # a state directory of its own: no earlier backups or caches
roots=("$XDG_STATE_HOME")
trap 'rm -rf "${roots[@]}" 2>/dev/null || true' EXIT

bare() { "$engine" run --rm --ulimit nofile=1024:4096 --ulimit nproc=1024:4096 "$image" true; }
sandbox() { ./paude run --engine "$engine" --agent shell --workspace "$1" -- true; }
repo() { # repo DIR FILES: FILES small source files in 100 directories, committed
  local dir=$1 files=$2
  mkdir -p "$dir"; git -C "$dir" init -q
  awk -v d="$dir" -v n="$files" 'BEGIN { for (i = 0; i < n; i++) { sub_ = sprintf("%s/src%02d", d, i % 100);
      system(""); f = sprintf("%s/file%05d.txt", sub_, i); if (i < 100) system("mkdir -p " sub_);
      printf "line one of file %d\nconst x%d = %d;\n", i, i, i > f; close(f) } }'
  # gc.auto=0: no background gc racing the measurement, and loose objects stay loose (the costlier case)
  git -C "$dir" config gc.auto 0
  git -C "$dir" add -A; git -C "$dir" -c user.name=bench -c user.email=bench@localhost commit -qm "$files files"
  chown -R 1000:1000 "$dir" 2>/dev/null || true
}

bare; b=$(for _ in $(seq "$n"); do time_ms bare; done | median)
line="workspace engine=$engine runs=$n bare_ms=$b"
for files in 10 1000 20000; do
  firsts=(); seconds=()
  for _ in $(seq "$n"); do
    ws=$(mktemp -d); roots+=("$ws"); repo "$ws/p" "$files"
    firsts+=("$(time_ms sandbox "$ws/p")"); seconds+=("$(time_ms sandbox "$ws/p")")
  done
  f=$(printf '%s\n' "${firsts[@]}" | median); s=$(printf '%s\n' "${seconds[@]}" | median)
  line+=" files=$files first_ms=$f second_ms=$s second_ratio=$(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.2f", s / b}')"
done
mkdir -p reports/bench
line+=" date=$(date -u +%FT%TZ)"
echo "$line" | tee -a reports/bench/workspace.txt

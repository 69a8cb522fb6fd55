#!/usr/bin/env bash
# Time of the git history backup paude takes when a session starts, for a generated repository of COMMITS
# commits: the first session (copies every object) and the second (copies only what is new: nothing here).
# The launcher measures the backup itself and prints it; this script reads that line.
# Both layouts are measured: "packed" (one pack, as after git gc or a clone) and "loose" (one file per object,
# as after many local commits; the slowest case for a file-level copy).
#   bench/git-backup.sh [COMMITS] [docker|podman]
# Not a timed test: nothing fails on a slow machine; results are appended to reports/bench/git-backup.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-10000}; engine=${2:-docker}
source bench/lib.sh
tmp=$(mktemp -d); ws=$tmp/repo; home=$tmp/home
mkdir -p "$ws" "$home"
trap 'rm -rf "$tmp"' EXIT

# COMMITS commits, each changing one of 100 files, written with fast-import (seconds, not minutes).
git init -q -b main "$ws"
awk -v n="$commits" 'BEGIN {
  for (i = 1; i <= n; i++) {
    data = "line " i "\n"
    printf "commit refs/heads/main\nmark :%d\ncommitter bench <bench@example.invalid> %d +0000\ndata %d\ncommit %d\n", i, 1700000000 + i, length("commit " i), i
    if (i > 1) printf "from :%d\n", i - 1
    printf "M 644 inline file%d.txt\ndata %d\n%s\n", i % 100, length(data), data
  }
}' | git -C "$ws" fast-import --quiet
git -C "$ws" branch topic main~100
git -C "$ws" tag v1 main~1000
git -C "$ws" checkout -q main
git -C "$ws" -c core.hooksPath=/dev/null config core.logAllRefUpdates true
objects=$(git -C "$ws" count-objects -v | awk '/^size-pack/ {print $2}')

session() {
  local out
  out=$(HOME=$home java -jar "$jar" start --engine "$engine" --agent shell --workspace "$ws" 2>"$tmp/err")
  HOME=$home java -jar "$jar" stop --engine "$engine" "$out" >/dev/null 2>&1
  grep -o 'git history backed up[^(]*([^)]*)' "$tmp/err"
}
secs() { sed -E 's/.*, ([0-9.]+) s\)/\1/' <<<"$1"; }
files() { sed -E 's/.*refs, ([0-9]+) new objects or packs.*/\1/' <<<"$1"; }
measure() {
  local layout=$1 first second
  rm -rf "$home"; mkdir -p "$home"
  chown -R 1000:1000 "$ws" 2>/dev/null || true
  first=$(session); second=$(session)
  echo "git-backup layout=$layout commits=$commits pack_kib=$objects engine=$engine first_s=$(secs "$first")" \
    "first_files=$(files "$first") second_s=$(secs "$second") second_files=$(files "$second") date=$(date -u +%FT%TZ)" \
    | tee -a reports/bench/git-backup.txt
}
mkdir -p reports/bench
measure packed
chown -R "$(id -u):$(id -g)" "$ws"
for p in "$ws"/.git/objects/pack/*.pack; do mv "$p" "$tmp/p.pack"; rm -f "${p%.pack}.idx"; git -C "$ws" unpack-objects -q < "$tmp/p.pack"; done
measure loose

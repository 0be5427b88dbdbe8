#!/usr/bin/env bash
# Measures `./wvo status` start-up (docs/performance.md, "wvo status start-up"): wall time of
# whole runs through the launcher, with class-data sharing (the default) and without
# (WVO_CDS=0), interleaved so that both see the same machine load, plus the --version and bare
# JVM floors. Usage: bench/status-startup.sh [ROADMAP] [RUNS]
# ROADMAP defaults to the 156 KB weathervane fixture; RUNS (default 11) per variant.
set -euo pipefail
cd "$(dirname "$0")/.."
roadmap="${1:-/work/shared/fixtures/weathervane/roadmap-2025-11-19-8d8e17e8.yaml}"
runs="${2:-11}"

./wvo --version >/dev/null            # builds if needed, and starts making the archive
d="$(mktemp -d)"
trap 'rm -rf "$d"' EXIT
cp "$roadmap" "$d/roadmap.yaml"
./wvo init --from "$d/roadmap.yaml" --state "$d/state" >/dev/null
for _ in 1 2 3 4 5 6 7 8 9 10; do        # the archive is made in the background on the first run
  ls cli/target/wvo-cds-*.jsa >/dev/null 2>&1 && break
  ./wvo status --state "$d/state" >/dev/null; sleep 1
done

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

cds=(); nocds=(); version=(); bare=()
ms ./wvo status --state "$d/state" >/dev/null; WVO_CDS=0 ms ./wvo status --state "$d/state" >/dev/null  # warm the page cache
for ((i = 0; i < runs; i++)); do
  cds+=("$(ms ./wvo status --state "$d/state")")
  nocds+=("$(WVO_CDS=0 ms ./wvo status --state "$d/state")")
  version+=("$(ms ./wvo --version)")
  bare+=("$(ms java -version)")
done

echo "# $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# roadmap $(basename "$roadmap") ($(du -k "$roadmap" | cut -f1) KB), $runs runs each, interleaved; ms"
for v in cds nocds version bare; do
  declare -n a="$v"
  printf '%-8s median %4s   sorted: %s\n' "$v" "$(printf '%s\n' "${a[@]}" | median)" \
    "$(printf '%s\n' "${a[@]}" | sort -n | tr '\n' ' ')"
done
c=$(printf '%s\n' "${cds[@]}" | median); n=$(printf '%s\n' "${nocds[@]}" | median)
echo "ratio cds/nocds (medians): $(awk -v c="$c" -v n="$n" 'BEGIN {printf "%.2f", c / n}')"

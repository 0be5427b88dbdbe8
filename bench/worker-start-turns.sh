#!/usr/bin/env bash
# A worker's start to its first claim (WorkerStartupBenchmark's "alone" round) for several launchers
# taking turns, so that each sees the same minutes of a shared machine (docs/performance.md, "Worker
# start-up and idle cost", session 10). Each start: a fresh state of 8 pending tasks (or ROADMAP's
# tasks) in a directory outside any git repository, `LAUNCHER worker --agent shell` started, the
# roadmap looked at only when it was replaced (every 5 ms, with bash's own wait: no process per look),
# and at the claim: the wall time from the start to its claimed_at, the process's CPU and its main
# thread's (`java`) from /proc; then SIGTERM. Who starts first rotates every round.
# Prints one line per start: LABEL WALL_MS CPU_MS MAIN_MS, and the load before and after.
# Usage: bench/worker-start-turns.sh ROUNDS LABEL=LAUNCHER...   (ROADMAP=file for other tasks)
#   e.g. bench/worker-start-turns.sh 15 new=./wvo old=../main-clone/wvo
set -euo pipefail
rounds=$1
shift
tick_ms=$((1000 / $(getconf CLK_TCK)))
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkfifo "$root/never"
exec 9<>"$root/never"   # read -t on it is a wait that starts no process

start() {
  local label=$1 wvo=$2 d t0 pid claimed="" stat t s main=0
  d=$(mktemp -d "$root/start.XXXX")
  mkdir -p "$d/work"
  if [[ -n ${ROADMAP:-} ]]; then
    cp "$ROADMAP" "$d/roadmap.yaml"
  else
    { echo "version: 2"; echo "tasks:"
      for i in 0 1 2 3 4 5 6 7; do
        printf '  - id: T%d\n    title: Task %d\n    status: pending\n    owns: [out/%d]\n    command: sleep 600\n' "$i" "$i" "$i"
      done; } >"$d/roadmap.yaml"
  fi
  "$wvo" init --from "$d/roadmap.yaml" --state "$d/state" >/dev/null
  touch "$d/seen"
  t0=$(date +%s%N)
  "$wvo" worker --state "$d/state" --id w1 --agent shell --workdir "$d/work" >"$d/log" 2>&1 </dev/null &
  pid=$!
  while :; do
    if [[ $d/state/roadmap.yaml -nt $d/seen ]]; then
      touch "$d/seen"
      if claimed=$(grep -m1 -o 'claimed_at: "[^"]*' "$d/state/roadmap.yaml"); then
        claimed=${claimed#*\"}
        break
      fi
    fi
    kill -0 "$pid" 2>/dev/null || { echo "$label: the worker exited; its log:" >&2; cat "$d/log" >&2; exit 1; }
    read -r -t 0.005 -u 9 _ || true
  done
  read -r stat <"/proc/$pid/stat"
  read -ra f <<<"${stat##*) }"
  for t in /proc/"$pid"/task/*; do
    read -r s <"$t/comm"
    if [[ $s == java ]]; then
      read -r s <"$t/stat"
      read -ra g <<<"${s##*) }"
      main=$(((g[11] + g[12]) * tick_ms))
    fi
  done
  echo "$label $((($(date -d "$claimed" +%s%N) - t0) / 1000000)) $(((f[11] + f[12]) * tick_ms)) $main"
  kill -TERM "$pid"
  wait "$pid" || true
  rm -rf "$d"
}

echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
launchers=("$@")
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#launchers[@]}; k++)); do
    l=${launchers[$(((k + r) % ${#launchers[@]}))]}
    start "${l%%=*}" "${l#*=}"
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

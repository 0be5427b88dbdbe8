#!/usr/bin/env bash
# The full-screen `wvo shell`'s CPU while it watches a busy run: a 1,000-task roadmap worked by 4
# workers of the shell backend (each task prints a line every 0.2 s for 4 s), the shell open in
# a 160x50 tmux pane. After a warm-up, the shell JVM's user + system CPU time (from
# /proc/PID/stat) is read before and after one minute; the figure is that CPU per minute, and as a
# share of one core (target: under 2 %). Also prints how many tasks the workers finished meanwhile
# (the run was live) and the load average, and the CPU of the shell JVM's threads that took most
# (the drawing thread, the garbage collector's, the JIT compilers', ...). Needs tmux.
# The warm-up before the measured minute is WARM_UP seconds (default 120): the view reads the
# state every few seconds, so the JIT compiles the roadmap's parsing only after a minute or two,
# and a dashboard is left open for hours; WARM_UP=20 shows the first minute's dearer figure.
# Usage: bench/shell-cpu.sh   (WVO=command to run wvo, default ./wvo; TASKS, WORKERS, WARM_UP, SECONDS_MEASURED)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
wvo=${WVO:-$root/wvo}
tasks=${TASKS:-1000}
workers=${WORKERS:-4}
measured=${SECONDS_MEASURED:-60}
warm_up=${WARM_UP:-120}
d=$(mktemp -d)
sock="$d/tmux.sock"
pids=()
cleanup() {
  tmux -S "$sock" kill-server 2>/dev/null || true
  "$wvo" --state "$d/state" worker stop all >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$d"
}
trap cleanup EXIT

{
  echo "version: 2"
  echo "tasks:"
  for i in $(seq 1 "$tasks"); do
    echo "  - id: T$i"
    echo "    title: Generated task $i"
    echo "    domain: d$((i % 7))"
    echo "    epic: e$((i % 13))"
    echo "    owns: [out/T$i]"
    if (( i > 10 )); then echo "    dependencies: [T$((i - 10))]"; fi
    echo "    command: 'for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do echo \"T$i line \$n\"; sleep 0.2; done'"
  done
} > "$d/roadmap.yaml"
"$wvo" init --from "$d/roadmap.yaml" --state "$d/state" >/dev/null
mkdir -p "$d/work"
for i in $(seq 1 "$workers"); do
  "$wvo" --state "$d/state" worker --id "w$i" --agent shell --workdir "$d/work" >"$d/w$i.log" 2>&1 &
  pids+=($!)
done

tmux -S "$sock" -f /dev/null new-session -d -x 160 -y 50 "exec $wvo --state $d/state shell"
pane=$(tmux -S "$sock" display-message -p '#{pane_pid}')
sleep "$warm_up"   # warm-up: the JIT, the first reads, the workers under way
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# one line per thread: id, name (spaces as _), user + system ticks
threads() { for t in /proc/"$1"/task/*; do
  printf '%s %s %s\n' "${t##*/}" "$(tr ' ' _ <"$t/comm")" "$(awk '{print $14 + $15}' "$t/stat")"; done 2>/dev/null; }
done_count() { grep -c '^    status: done' "$d/state/roadmap.yaml" || true; }
hz=$(getconf CLK_TCK)
c0=$(cpu "$pane"); d0=$(done_count); t0=$(date +%s%N); threads "$pane" >"$d/threads0" 
echo "# $(date -u), after a warm-up of ${warm_up} s; nproc $(nproc), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep "$measured"
c1=$(cpu "$pane"); d1=$(done_count); t1=$(date +%s%N); threads "$pane" >"$d/threads1" 
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if ! tmux -S "$sock" capture-pane -p | grep -q "Workers (w) $workers running"; then
  echo "warning: the shell's screen did not show $workers running workers:" >&2
  tmux -S "$sock" capture-pane -p | head -8 >&2
fi
awk -v c="$((c1 - c0))" -v hz="$hz" -v ns="$((t1 - t0))" -v done="$((d1 - d0))" -v tasks="$tasks" -v w="$workers" 'BEGIN {
  secs = ns / 1e9; cpu = c / hz
  printf "wvo shell (full screen), %d tasks, %d workers: %.2f s CPU in %.1f s = %.2f s per minute = %.2f %% of one core; %d tasks finished meanwhile\n",
    tasks, w, cpu, secs, cpu * 60 / secs, 100 * cpu / secs, done }'
echo "# the shell JVM's threads that took most, CPU seconds in the minute measured (threads of the same name summed):"
awk -v hz="$hz" 'NR == FNR { before[$1] = $3; next } { used[$2] += $3 - before[$1] }
  END { for (n in used) if (used[n] > 0) printf "%8.2f  %s\n", used[n] / hz, n }' "$d/threads0" "$d/threads1" | sort -rn | head -8

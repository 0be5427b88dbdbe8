#!/usr/bin/env bash
# Where a task's CPU goes in a warm worker (issue 20; figures in docs/performance.md, "Where a warm
# worker's CPU goes"): one `wvo worker --agent claude --worktree always` runs 12 tasks with the real
# claude against the scripted model API, under JFR; the CPU up to its first claim is left out.
# Installs the pinned agent CLIs, builds the benchmarks, runs TaskCpuProfile twice: without JFR
# (the CPU figures) and with it (the phases). Takes 5-10 minutes. Output: bench/target/task-cpu-*.txt.
# Usage: bench/run-task-cpu-profile.sh [--tasks N] [--workers N (hosted in one JVM)] [--latency-ms MS] [--wvo PATH-OF-ANOTHER-CHECKOUT/wvo]
set -euo pipefail
cd "$(dirname "$0")/.."
sh cli/agent-clis/install
mvn -B -q -pl bench -am package -DskipTests
./wvo --version >/dev/null   # builds the launcher's jar and plugins if they are stale
out="bench/target/task-cpu-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u), nproc $(nproc), $(uname -sr), $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)"
  java -cp bench/target/benchmarks.jar dev.wvo.bench.TaskCpuProfile --jfr no "$@"
  java -cp bench/target/benchmarks.jar dev.wvo.bench.TaskCpuProfile --jfr yes "$@"
} 2>&1 | tee "$out"
echo "results in $out"

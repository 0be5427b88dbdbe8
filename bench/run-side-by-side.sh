#!/usr/bin/env bash
# wvo and ralph-tui side by side on the same tasks with the real claude CLI against the scripted model
# API (issue 20; figures in docs/performance.md, "Side by side with ralph-tui"). Installs the pinned
# agent CLIs (cli/agent-clis) and the peer (bench/peer), builds the benchmarks, and runs
# SideBySideBenchmark: 3 runs of 12 tasks on 3 workers, then a killed agent and a killed coordinator
# (all figures of the coordinators only, never the agents).
# Takes 15-30 minutes. Output: bench/target/side-by-side-*.txt.
# Usage: bench/run-side-by-side.sh [--tasks N] [--workers N] [--runs N] [--latency-ms MS] [--crashes yes|no]
#        [--wvo-form separate|one-jvm|both]   (wvo's workers in a JVM each, all in one JVM, or both; default both)
set -euo pipefail
cd "$(dirname "$0")/.."
sh cli/agent-clis/install
sh bench/peer/install
mvn -B -q -pl bench -am package -DskipTests
./wvo --version >/dev/null   # builds the launcher's jar and plugins if they are stale
out="bench/target/side-by-side-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u), nproc $(nproc), $(uname -sr), $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)"
  java -cp bench/target/benchmarks.jar dev.wvo.bench.SideBySideBenchmark "$@"
} 2>&1 | tee "$out"
echo "results in $out"

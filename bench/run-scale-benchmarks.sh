#!/usr/bin/env bash
# Reruns every figure of the "Fast at scale" sections of docs/performance.md (issue 20), from a
# clean build: claims under contention on a 10,000-task roadmap (with three warnings too, as real
# roadmaps have, and with every shape of entry that once made each claim parse the whole file:
# warnings, items that are no task, tasks in flow style), CLI start-up, worker start-up and
# idle cost (on 8 tasks and on the 10,000-task roadmap), throughput, and the lock libraries side by side (the side-by-side with ralph-tui is
# bench/run-side-by-side.sh: it needs npm). Takes about 25 minutes; keep the
# machine otherwise quiet (each harness prints the load average before and after its figures).
# Output: bench/target/scale-benchmarks-*.txt. Usage: bench/run-scale-benchmarks.sh [HARNESS...]
# where HARNESS is any of: contention contention-warnings contention-shapes lock-wait claim-cpu claim cli worker worker-10k throughput locks (default: all of them).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
./wvo --version >/dev/null   # builds the launcher's jar and plugins if they are stale
jar=bench/target/benchmarks.jar
out="bench/target/scale-benchmarks-$(date -u +%Y%m%dT%H%M%SZ).txt"
harnesses=("$@")
[[ ${#harnesses[@]} -gt 0 ]] || harnesses=(contention contention-warnings contention-shapes lock-wait claim-cpu claim cli worker worker-10k throughput locks)
{
  echo "# $(date -u), nproc $(nproc), $(uname -sr), $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)"
  for h in "${harnesses[@]}"; do
    echo
    case $h in
      contention) java -cp "$jar" dev.wvo.bench.ClaimContentionBenchmark ;;
      contention-warnings) java -cp "$jar" dev.wvo.bench.ClaimContentionBenchmark --warnings 3 ;;
      contention-shapes) java -cp "$jar" dev.wvo.bench.ClaimContentionBenchmark --warnings 3 --stray 3 --flow 3 ;;
      lock-wait) java -cp "$jar" dev.wvo.bench.LockWaitBenchmark ;;
      claim-cpu) java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xms8m -XX:SurvivorRatio=3 -XX:MinHeapFreeRatio=70 -XX:MaxHeapFreeRatio=85 -cp "$jar" dev.wvo.bench.ClaimCpuBenchmark ;;
      claim) echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
        java -jar "$jar" ClaimBenchmark -rf json -rff bench/target/jmh-claim.json
        echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" ;;
      cli) java -cp "$jar" dev.wvo.bench.CliStartupBenchmark ;;
      worker) java -cp "$jar" dev.wvo.bench.WorkerStartupBenchmark ;;
      worker-10k) java -cp "$jar" dev.wvo.bench.WorkerStartupBenchmark --tasks 10000 --rounds 3 --idle-seconds 60 ;;
      throughput) java -cp "$jar" dev.wvo.bench.ThroughputBenchmark ;;
      locks) echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
        java -jar "$jar" LockLibrariesBenchmark -rf json -rff bench/target/jmh-lock-libraries.json
        echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" ;;
      *) echo "unknown harness $h; one of: contention contention-warnings contention-shapes lock-wait claim-cpu claim cli worker worker-10k throughput locks" >&2; exit 2 ;;
    esac
  done
} 2>&1 | tee "$out"
echo "results in $out"

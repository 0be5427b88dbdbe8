#!/usr/bin/env bash
# Reruns every figure of the "Lock library" section of docs/performance.md, from a clean build.
# Takes about 8 minutes; keep the machine otherwise quiet. Output: bench/target/lock-benchmarks-*.txt
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
out="bench/target/lock-benchmarks-$(date -u +%Y%m%dT%H%M%SZ).txt"
jar=bench/target/benchmarks.jar
{
  echo "# $(date -u), nproc $(nproc), $(uname -sr)"
  df -T bench/target | tail -1
  java -jar "$jar" LockBenchmark RecordWriteBenchmark -rf json -rff bench/target/jmh-lock.json
  java -cp "$jar" dev.wvo.bench.HandoffBenchmark
  java -cp "$jar" dev.wvo.bench.HandoffBenchmark --participants 3 --idle-rounds 0
  java -cp "$jar" dev.wvo.bench.TakeoverBenchmark
} 2>&1 | tee "$out"
echo "results in $out"

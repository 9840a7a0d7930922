#!/usr/bin/env bash
# Runs the JMH micro-benchmarks (src/jmh/java) with allocation profiling.
#   bench/jmh.sh                      all benchmarks, -prof gc
#   bench/jmh.sh FrameToRecord -f 1   any JMH arguments (a benchmark regex first)
#   BENCH_MAX_LOAD=1.0 bench/jmh.sh   first wait (up to 20 min) for the machine to quieten
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/await-quiet.sh
mvn -B -q -Pjmh test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(".*Benchmark.*")
exec java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main \
  -prof gc -rf json -rff target/jmh-result.json "${args[@]}"

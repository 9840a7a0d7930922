#!/usr/bin/env bash
# Shared by bench/e2e.sh and bench/scale.sh: builds the plugin and the benchmark classes (mvn -Pbench package, tests
# skipped), waits for a quiet machine if asked to, then runs the benchmark's main class in a driver JVM.
#   run-java.sh <main class> <run directory name> [-Dbench.setting=value ...]
# Environment: BENCH_MAX_LOAD (e.g. 1.0): wait until the 1-minute load average is at most this, up to
# BENCH_LOAD_WAIT_MINUTES (default 20), before measuring.
# With -Dbench.jfr=true the driver JVM (which hosts the SMC simulator) is recorded too, to <run directory>/driver.jfr,
# like the JVMs the benchmark starts: the simulator's CPU competes with theirs on a small machine.
set -euo pipefail
cd "$(dirname "$0")/.."
main_class="$1"; name="$2"; shift 2

. bench/await-quiet.sh

echo "Building the plugin and the benchmark (mvn -Pbench package, tests skipped) ..."
build_log="$(mktemp)"
if ! mvn -B -q -Pbench package -DskipTests > "$build_log" 2>&1; then
    cat "$build_log"
    exit 1
fi
rm -f "$build_log"

run_dir="target/bench/$name-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run_dir"
profiling=()
for arg in "$@"; do
    if [ "$arg" = "-Dbench.jfr=true" ]; then
        profiling=("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$run_dir/driver.jfr")
    fi
done
exec java -Xms2g -Xmx2g \
    -Dbench.classpath.file=target/bench.classpath \
    -Dbench.test.classes=target/test-classes \
    -Dbench.log4j=bench/log4j2-bench.xml \
    -Dlog4j2.configurationFile=bench/log4j2-bench.xml \
    -Dbench.log.file="$run_dir/driver.log" \
    -Dbench.run.dir="$run_dir" \
    "${profiling[@]}" \
    "$@" \
    -cp "target/test-classes:$(cat target/bench.classpath)" \
    "$main_class"

#!/usr/bin/env bash
# One command: builds the component archive, then starts the SMC simulator, a single-node KRaft broker, a Connect
# worker that loads the archive unpacked into its plugin.path, and the connector, and prints status records until
# Ctrl-C.
#
#   ./quickstart.sh                                   everything local
#   SMC_URL=https://smc:8082 SMC_API_KEY=... ./quickstart.sh   a real SMC (or --smc-url URL --smc-api-key KEY)
#   KAFKA_BOOTSTRAP_SERVERS=broker:9092 ./quickstart.sh        an existing Kafka (or --bootstrap-servers HOSTS)
#
# Other flags: --smc-contexts A,B  --smc-elements URI,URI  --config FILE  --component-archive ZIP
# (see QuickstartSettings).
# Needs only a JDK 17+ and Maven 3.8+.
set -euo pipefail
cd "$(dirname "$0")"
export QUICKSTART_STARTED_AT_MS="$(date +%s%3N)"

echo "Building the component archive (mvn package, tests skipped) ..."
build_log="$(mktemp)"
if ! mvn -B -q -Pquickstart package -DskipTests > "$build_log" 2>&1; then
    cat "$build_log"
    exit 1
fi
rm -f "$build_log"

# The test class path (broker, worker, simulator) without the connector's own classes: the worker must find the
# connector in the component archive (target/components/packages), as an installed plugin.
exec java -Dlog4j2.configurationFile=log4j2-quickstart.xml \
    -cp "target/test-classes:$(cat target/quickstart.classpath)" \
    io.github.kafkaconnectsmc.quickstart.Quickstart "$@"

#!/usr/bin/env bash
# End-to-end benchmark: the SMC simulator pushes status changes through the connector in a standalone Connect worker
# (its own JVM) into a single-node KRaft broker (its own JVM), interleaved with Kafka's ProducerPerformance writing
# records of the same size with the worker's producer settings; prints throughput, CPU per record, idle CPU and
# latency (SMC send to broker append). See docs/performance.md.
#   bench/e2e.sh                                   defaults: 100 engine nodes, 9 rounds of 100,000 records
#   bench/e2e.sh -Dbench.rounds=15 -Dbench.round.records=100000 -Dbench.elements=100
#   BENCH_MAX_LOAD=1.0 bench/e2e.sh                first wait (up to 20 min) for the machine to quieten
# Other settings: bench.latency.rate (1000/s), bench.latency.seconds (20), bench.idle.seconds (30).
# Labelled extra figures: bench.raw.records=as-connector (raw records as large as the connector's with key and
# headers), bench.smc.replay=true (the simulator resends recorded frames), bench.producer.settings, bench.jfr.
exec "$(dirname "$0")/run-java.sh" io.github.kafkaconnectsmc.bench.EndToEndBenchmark e2e "$@"

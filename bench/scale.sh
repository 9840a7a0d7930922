#!/usr/bin/env bash
# Scale benchmark: one task subscribed to a context of 10,000 engine nodes (single firewalls, so one REST call per
# engine to resolve hrefs): time from creating the connector to the last snapshot record in Kafka, from a dropped
# socket to the last re-snapshot record (in the cold worker, then again after a second connector's snapshot), and the
# heap the task retains. See docs/performance.md.
#   bench/scale.sh                          defaults: 10,000 elements, 3 socket drops per connector
#   bench/scale.sh -Dbench.elements=20000 -Dbench.repeats=5
#   BENCH_MAX_LOAD=1.0 bench/scale.sh       first wait (up to 20 min) for the machine to quieten
exec "$(dirname "$0")/run-java.sh" io.github.kafkaconnectsmc.bench.ScaleBenchmark scale "$@"

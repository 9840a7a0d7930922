#!/usr/bin/env bash
# Sourced by the bench scripts: with BENCH_MAX_LOAD set (e.g. 1.0), waits until the 1-minute load average is at most
# that, checking every 30 s for up to BENCH_LOAD_WAIT_MINUTES (default 20); then prints the load the run starts at.
if [ -n "${BENCH_MAX_LOAD:-}" ]; then
    deadline=$(( $(date +%s) + ${BENCH_LOAD_WAIT_MINUTES:-20} * 60 ))
    while awk -v max="$BENCH_MAX_LOAD" '{ exit !($1 > max) }' /proc/loadavg && [ "$(date +%s)" -lt "$deadline" ]; do
        echo "Load average $(cut -d' ' -f1-3 /proc/loadavg) is above $BENCH_MAX_LOAD; waiting ..."
        sleep 30
    done
fi
echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

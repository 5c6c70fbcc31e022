#!/usr/bin/env bash
# Commit → delivery latency per kind of coordination event (task, agent, lock, message, knowledge,
# approval), in-process and through a real daemon's SSE stream.
# Usage: bench/coord-events.sh [N per kind]
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.CoordEventBench "${1:-100}" | tee "$RESULTS/coord-events.txt"

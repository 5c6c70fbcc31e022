#!/usr/bin/env bash
# `task next` latency (p50/p99) with 1,000 vs 100,000 pending tasks; the claim must use the index.
# Usage: bench/task-next-latency.sh [SMALL] [LARGE] [SAMPLES]
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.TaskNextLatencyBench "${1:-1000}" "${2:-100000}" "${3:-300}" \
  | tee "$RESULTS/task-next-latency.txt"

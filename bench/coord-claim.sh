#!/usr/bin/env bash
# claim -> complete cycles/s with 8 worker threads in-process (durable commits, double claims counted),
# beside the store's raw durable single-row commit rate measured in the same run.
# Usage: bench/coord-claim.sh [TASKS] [THREADS] [ROUNDS=2] (round 1 includes JIT warm-up; report the last)
. "$(dirname "$0")/lib.sh"
{
  echo "before: $(uptime)"
  "$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.ClaimBench "${1:-5000}" "${2:-8}" "${3:-2}"
  echo "after: $(uptime)"
} | tee "$RESULTS/coord-claim.txt"

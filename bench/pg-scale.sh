#!/usr/bin/env bash
# Issue 26: claim -> complete/s with 16 clients over 1, 2, 3 daemons on one PostgreSQL database and 1 on H2,
# in the same run, then cross-daemon event delivery p50/p99 (LISTEN/NOTIFY). Starts its own PostgreSQL
# (Debian's postgresql server binaries; as root it runs as nobody), like the tests (store/PgServer).
# Usage: bench/pg-scale.sh [TASKS=20000] [CLIENTS=16] [DELIVERIES=500]
. "$(dirname "$0")/lib.sh"
{
  echo "before: $(uptime)"
  "$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.PgScaleBench "${1:-20000}" "${2:-16}" "${3:-500}"
  echo "after: $(uptime)"
} | tee "$RESULTS/pg-scale.txt"

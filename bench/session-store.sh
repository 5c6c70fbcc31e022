#!/usr/bin/env bash
# Issue 23: a synthetic session store, then `sessions list` and `sessions search` through a real daemon
# (p50/p95) and the store size per million messages. Usage: bench/session-store.sh [sessions] [messages
# per session] [queries]; the issue's scale is 10000 100.
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.SessionStoreBench "${1:-1000}" "${2:-100}" "${3:-200}" \
  | tee "$RESULTS/session-store.txt"

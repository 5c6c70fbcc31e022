#!/usr/bin/env bash
# SSE fan-out (issue 4): 1,000 subscribers on a real daemon process's Unix socket; a writer commits
# events over HTTP at RATE/s; p50/p99 from the write being sent to each delivery, and the daemon's RSS.
# Baseline in the same run: one subscriber. Target: p99 <= 100 ms at 1,000 subscribers.
#   SUBSCRIBERS=1000 EVENTS=300 RATE=50 bench/daemon-sse.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.DaemonSseBench \
  "${DAEMON_MAIN:-dev.dispatch.daemon.NoteDaemonMain}" "${WRITES:-dev.dispatch.bench.NoteWrites}" \
  "${SUBSCRIBERS:-1000}" "${EVENTS:-300}" "${RATE:-50}" | tee "$RESULTS/daemon-sse.txt"

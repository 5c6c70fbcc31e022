#!/usr/bin/env bash
# claim -> complete cycles/s over HTTP from CLIENTS concurrent agents (each with its own token) against a
# real daemon process, zero double claims checked; baseline: the same cycles in-process, same run.
# Target: >= 2,000 cycles/s over HTTP from 16 clients.   bench/daemon-http.sh [TASKS] [CLIENTS]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.DaemonHttpBench "${1:-20000}" "${2:-16}" | tee "$RESULTS/daemon-http.txt"

#!/usr/bin/env bash
# Sustained single-row writes from 8 threads: Store (group commit) vs raw H2 commit-per-row, same run.
# Usage: bench/store-write.sh [SECONDS=60] [WRITERS=8] [both|store-only] [WRITES_PER_SECOND (0 = unpaced)] [RETAIN_ROWS=100000 (0 = keep all)]
. "$(dirname "$0")/lib.sh"
SECONDS_TO_RUN=${1:-60}
WRITERS=${2:-8}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dispatch-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
"$JAVA" ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CP" dev.dispatch.bench.StoreWriteBench "$SECONDS_TO_RUN" "$WRITERS" "$WORK" "${3:-both}" "${4:-0}" "${5:-100000}" \
  | tee "$RESULTS/store-write-$(date -u +%Y%m%dT%H%M%SZ).txt"

#!/usr/bin/env bash
# Permission cost per shell call: policy + shell analysis, and bubblewrap, vs spawning `bash -c true`.
# Usage: bench/permission.sh [SPAWNS=40]
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.PermissionBench "${1:-40}" | tee "$RESULTS/permission.txt"

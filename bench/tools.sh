#!/usr/bin/env bash
# Tool machinery overhead: run_shell's process start vs a bare ProcessBuilder, and the
# .gitignore-aware walk vs Files.walk. Usage: bench/tools.sh [shell-runs]
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.ToolsBench "${1:-40}" | tee "$RESULTS/tools.txt"

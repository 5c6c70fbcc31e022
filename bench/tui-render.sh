#!/usr/bin/env bash
# Workbench frame time with a 10,000-message conversation and 20 agents vs a one-message workbench
# (same run), and the heap those messages hold (issue 7). FRAMES=N to change the sample size.
. "$(dirname "$0")/lib.sh"
"$JAVA" -Xmx512m -Dframes="${FRAMES:-3000}" -cp "$BENCH_CP" dev.dispatch.bench.TuiRenderBench | tee "$RESULTS/tui-render.txt"

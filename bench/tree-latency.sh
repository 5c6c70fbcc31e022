#!/usr/bin/env bash
# Workbench tree-update latency: an agent's status change (published on another thread) to the end of
# the repaint, through the workbench's own UI loop, with 100 agents vs 1 agent in the same run
# (issue 20). CHANGES=N to change the sample size.
. "$(dirname "$0")/lib.sh"
"$JAVA" -Xmx512m -Dchanges="${CHANGES:-2000}" -cp "$BENCH_CP" dev.dispatch.bench.TreeLatencyBench | tee "$RESULTS/tree-latency.txt"

#!/usr/bin/env bash
# Workbench keystroke -> echo latency (issue 25): a key handed to the UI loop to the end of the repaint
# that shows it, with 20 agents and a 10,000-message conversation on screen; plain typing, the slash
# popup open, and an @ mention ranking a 20,000-file project. KEYS=N to change the sample size.
. "$(dirname "$0")/lib.sh"
"$JAVA" -Xmx512m -Dkeys="${KEYS:-2000}" -cp "$BENCH_CP" dev.dispatch.bench.KeystrokeEchoBench | tee "$RESULTS/keystroke-echo.txt"

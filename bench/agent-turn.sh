#!/usr/bin/env bash
# Agent loop engine overhead per model turn and per tool call, vs one durable store commit; heap over
# a long session. Usage: bench/agent-turn.sh [TURNS=1000]
. "$(dirname "$0")/lib.sh"
"$JAVA" -Xmx512m -cp "$BENCH_CP" dev.dispatch.bench.AgentTurnBench "${1:-1000}" | tee "$RESULTS/agent-turn.txt"

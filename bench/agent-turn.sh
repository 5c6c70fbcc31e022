#!/usr/bin/env bash
# Agent loop engine overhead per model turn and per tool call (real loop, production permission gate,
# instant in-memory model), vs one durable store commit; heap over a long session; load printed with it.
# Usage: bench/agent-turn.sh [TURNS=1000]   (tool figures use TURNS/4 inputs of 1 and of 8 calls)
. "$(dirname "$0")/lib.sh"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  load:$(uptime | sed 's/.*load average://')"
  "$JAVA" -Xmx512m -cp "$BENCH_CP" dev.dispatch.bench.AgentTurnBench "${1:-1000}"
  echo "load after:$(uptime | sed 's/.*load average://')"
} | tee "$RESULTS/agent-turn.txt"

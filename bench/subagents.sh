#!/usr/bin/env bash
# Issue 20: N child agents of one root at once against the scripted model server (real HTTP, real loop,
# production permission gates): CPU per model turn and wall per turn vs one child alone; heap per idle agent.
# Usage: bench/subagents.sh [N=100] [TURNS=5]
. "$(dirname "$0")/lib.sh"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  load:$(uptime | sed 's/.*load average://')"
  "$JAVA" -Xmx512m -cp "$BENCH_CP" dev.dispatch.bench.SubagentBench "${1:-100}" "${2:-5}"
  echo "load after:$(uptime | sed 's/.*load average://')"
} | tee "$RESULTS/subagents.txt"

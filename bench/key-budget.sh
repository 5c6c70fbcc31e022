#!/usr/bin/env bash
# What key budgets add per model call (health read + atomic reservation + settle), 1 and 16 agents,
# vs the usage-row write every call already makes. Usage: bench/key-budget.sh [CALLS=2000]
. "$(dirname "$0")/lib.sh"
"$JAVA" -Xmx512m -cp "$BENCH_CP" dev.dispatch.bench.KeyBudgetBench "${1:-2000}" | tee "$RESULTS/key-budget.txt"

#!/usr/bin/env bash
# MCP's cost on a claim: task_next as an MCP tool call over Streamable HTTP (/mcp) and over stdio
# (dispatch mcp serve -> the daemon's socket) vs POST tasks/next over REST, interleaved, against one real
# daemon process; then SESSIONS MCP sessions held by the daemon (RSS) and used concurrently.
# Target: overhead <= 2 ms.   bench/mcp.sh [SAMPLES] [SESSIONS]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.McpBench "${1:-2000}" "${2:-50}" | tee "$RESULTS/mcp.txt"

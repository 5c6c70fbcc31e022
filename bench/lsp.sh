#!/usr/bin/env bash
# Edit -> diagnostics-in-tool-result latency per real language server (clangd, pylsp,
# typescript-language-server) against the server's own publish time measured by a raw LSP4J client in
# the same run, and memory per server. Usage: bench/lsp.sh [ROUNDS=30]
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.LspBench "${1:-30}" | tee "$RESULTS/lsp.txt"

#!/usr/bin/env bash
# Full-text search: inverted index + BM25 vs a LIKE scan over the same documents (baseline), and the
# write cost of indexing vs a bare insert. Usage: bench/kb-search.sh [documents] [queries]
. "$(dirname "$0")/lib.sh"
"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.KbSearchBench "${1:-5000}" "${2:-200}" | tee "$RESULTS/kb-search.txt"

#!/usr/bin/env bash
# Issues 19 and 23: the workbench and chat to their first prompt, and the workbench resumed on a long session
# to its first paint, on a pseudo-terminal, interleaved across installs (bench/face-ready.py). Builds the test
# classes for the session seed (dev.dispatch.bench.ResumeSeed).
# usage: bench/face-ready.sh [ROUNDS] [MESSAGES] [NAME=LAUNCHER ...]   (default: 5 5000 installed=~/.local/bin/dispatch)
. "$(dirname "$0")/lib.sh"
rounds=${1:-5} messages=${2:-5000}
shift $(($# > 2 ? 2 : $#))
[ $# -gt 0 ] || set -- "installed=$HOME/.local/bin/dispatch"
python3 "$BENCH_DIR/face-ready.py" "$rounds" "$messages" "$@" | tee "$RESULTS/face-ready.txt"

#!/usr/bin/env bash
# dispatch run vs Claude Code vs Codex on the same 2-turn headless task (issue #19), interleaved:
# installs @anthropic-ai/claude-code and @openai/codex from npm into a cache dir (PEERS_DIR, default
# ~/.cache/dispatch-bench/peers), then runs bench/headless-peers.py. Needs node/npm and an installed
# dispatch (DISPATCH, default ~/.local/bin/dispatch). usage: bench/headless-peers.sh [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
peers=${PEERS_DIR:-$HOME/.cache/dispatch-bench/peers}
dispatch=${DISPATCH:-$HOME/.local/bin/dispatch}
mkdir -p "$peers"
if [ ! -x "$peers/node_modules/.bin/claude" ] || [ ! -x "$peers/node_modules/.bin/codex" ]; then
  npm install --no-audit --no-fund --prefix "$peers" @anthropic-ai/claude-code @openai/codex >/dev/null
fi
echo "claude $("$peers/node_modules/.bin/claude" --version | head -1); $("$peers/node_modules/.bin/codex" --version | head -1); dispatch $("$dispatch" --version | head -1)"
exec python3 "$here/headless-peers.py" "${1:-5}" "$dispatch" "$peers/node_modules/.bin"

#!/usr/bin/env bash
# One-shot command against a running daemon (issue 4), in one hyperfine run with its floors:
#   jvm floor:        java -version (the launcher's one-shot flags)
#   transport floor:  curl --unix-socket on the same route
#   one-shot:         the installed launcher running the command (it finds the daemon via the socket)
# Target: one-shot mean <= 60 ms. Needs hyperfine and an install (./install.sh --prefix DIR);
# DISPATCH=/path/to/bin/dispatch picks the install.
# Default: `task next --agent w1 --space bench --json` (a real claim each run: SETUP registers w1, allowed
# 1,000 tasks at once, enqueues enough tasks over the socket for every one-shot and curl run, and first
# has the daemon serve WARM (300) claims, as a daemon that has been running would have).
# Another command: CMD="daemon status --json" ROUTE=/v1/daemon METHOD=GET SETUP=: bench/daemon-oneshot.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/.ci/find-jdk.sh"
DISPATCH=${DISPATCH:-$(command -v dispatch || echo "$HOME/.local/bin/dispatch")}
command -v hyperfine >/dev/null || { echo "daemon-oneshot.sh: hyperfine not found (apt-get install hyperfine)" >&2; exit 1; }
[ -x "$DISPATCH" ] || { echo "daemon-oneshot.sh: no installed dispatch at $DISPATCH (run ./install.sh)" >&2; exit 1; }
CMD=${CMD:-task next --agent w1 --space bench --json}
ROUTE=${ROUTE:-/v1/spaces/bench/tasks/next}
METHOD=${METHOD:-POST}
BODY=${BODY:-'{"agent":"w1"}'}
RUNS=${RUNS:-40}
WARM=${WARM:-300}
mkdir -p "$ROOT/bench/results"
home=$(mktemp -d /tmp/bo-XXXX)
export DISPATCH_HOME="$home"
trap '"$DISPATCH" daemon stop >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
"$DISPATCH" daemon start --no-port >/dev/null
sock="$home/run/dispatch.sock"
token=$(cat "$home/state/operator.token")
api=(curl -sf -o /dev/null --unix-socket "$sock" -H "Authorization: Bearer $token" -H 'Content-Type: application/json')
default_setup() {
  "${api[@]}" -d '{"name":"w1","maxConcurrent":1000}' http://localhost/v1/spaces/bench/agents
  for i in $(seq 1 $(( (RUNS + 10) * 2 + 10 + WARM ))); do "${api[@]}" -d "{\"title\":\"t$i\"}" http://localhost/v1/spaces/bench/tasks; done
  # a running daemon has served before: WARM claims first, so its JIT is not what the runs measure
  for i in $(seq 1 "$WARM"); do "${api[@]}" -d '{"agent":"w1"}' http://localhost/v1/spaces/bench/tasks/next; done
}
eval "${SETUP:-default_setup}"
# quoted for hyperfine -N, which splits the command line itself (the header has spaces)
curl_args=(-sf -o /dev/null --unix-socket "$sock" -H "Authorization: Bearer $token" -X "$METHOD")
[ "$METHOD" = GET ] || curl_args+=(-H 'Content-Type: application/json' -d "$BODY")
cd "$home"
echo "load before: $(uptime)"
hyperfine -N --warmup 5 --runs "$RUNS" \
  --export-json "$ROOT/bench/results/daemon-oneshot.json" \
  -n jvm-floor "$JAVA_HOME/bin/java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version" \
  -n transport-floor "$(printf '%q ' curl "${curl_args[@]}" "http://localhost$ROUTE")" \
  -n one-shot "$DISPATCH $CMD"
echo "load after: $(uptime)"
python3 - "$ROOT/bench/results/daemon-oneshot.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
floor, curl, one = (r[k]["mean"] * 1000 for k in ("jvm-floor", "transport-floor", "one-shot"))
print(f"one-shot mean {one:6.1f} ms = jvm floor {floor:.1f} ms + {one - floor:.1f} ms ({one / floor:.2f}x floor);"
      f" transport floor (curl) {curl:.1f} ms")
# CPU time moves less than wall time when other work shares the cores: quote it when the load is high.
for k in ("jvm-floor", "transport-floor", "one-shot"):
    print(f"{k:15s} cpu (user+sys) mean {(r[k]['user'] + r[k]['system']) * 1000:6.1f} ms")
PY

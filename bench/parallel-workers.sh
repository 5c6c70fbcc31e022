#!/usr/bin/env bash
# Issue 17: WORKERS shell workers (`task next` / `task complete` in a loop, each a new process of the
# installed launcher) drain TASKS tasks with no owner running when they start, while `stress-ng --cpu
# STRESS` loads the machine (target: load >= 8). The first commands auto-start one owner between them
# (docs/owner.md). Counts failed commands (any exit but 0, and 5 for "nothing to claim"), double claims
# and daemons started; prints elapsed time, the mean command time and its ratio to the JVM floor
# (`java -version`, timed under the same load just before the drain).
# Targets: 0 failures, 0 double claims.
# usage: DISPATCH=DIR/bin/dispatch bench/parallel-workers.sh   (WORKERS=8 TASKS=400 STRESS=8; MODE=inproc:
#        DISPATCH_NO_DAEMON=1 for the workers, the path without auto-start)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/.ci/find-jdk.sh"
DISPATCH=${DISPATCH:-$(command -v dispatch || echo "$HOME/.local/bin/dispatch")}
[ -x "$DISPATCH" ] || { echo "parallel-workers.sh: no installed dispatch at $DISPATCH (run ./install.sh)" >&2; exit 1; }
command -v stress-ng >/dev/null || { echo "parallel-workers.sh: stress-ng not found (apt-get install stress-ng)" >&2; exit 1; }
WORKERS=${WORKERS:-8}
TASKS=${TASKS:-400}
STRESS=${STRESS:-8}
MODE=${MODE:-auto}
work=$(mktemp -d /tmp/pw-XXXX)
export DISPATCH_HOME="$work/home"
stress_pid=
cleanup() {
  [ -n "$stress_pid" ] && kill "$stress_pid" 2>/dev/null || true
  "$DISPATCH" daemon stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# set-up through a daemon that is stopped again before the workers start: no owner at their start
"$DISPATCH" daemon start --no-port >/dev/null
sock="$DISPATCH_HOME/run/dispatch.sock"
token=$(cat "$DISPATCH_HOME/state/operator.token")
api=(curl -sf -o /dev/null --unix-socket "$sock" -H "Authorization: Bearer $token" -H 'Content-Type: application/json')
for w in $(seq 1 "$WORKERS"); do "${api[@]}" -d "{\"name\":\"w$w\"}" http://localhost/v1/spaces/b/agents; done
for i in $(seq 1 "$TASKS"); do "${api[@]}" -d "{\"title\":\"t$i\"}" http://localhost/v1/spaces/b/tasks; done
"$DISPATCH" daemon stop >/dev/null
[ -S "$sock" ] && { echo "parallel-workers.sh: the set-up daemon did not stop" >&2; exit 1; }
: > "$DISPATCH_HOME/state/daemon.log"

stress-ng --cpu "$STRESS" --quiet & stress_pid=$!
sleep 20 # let the load average climb
floor_start=$(date +%s%N)
for _ in 1 2 3 4 5 6 7 8 9 10; do "$JAVA_HOME/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version 2>/dev/null; done
floor_ms=$(( ($(date +%s%N) - floor_start) / 10000000 ))
load_start=$(cut -d' ' -f1 /proc/loadavg)

cat > "$work/worker.sh" <<'SH'
#!/bin/sh
# worker.sh N: claim and complete until nothing is ready (exit 5); logs claims, commands and failures
n=0 fails=0
while true; do
  out=$("$DISPATCH" task next --agent "w$1" --space b --json 2>>"$W/err$1"); code=$?; n=$((n+1))
  [ $code -eq 5 ] && break
  if [ $code -ne 0 ]; then fails=$((fails+1)); echo "next exit $code" >> "$W/err$1"; continue; fi
  id=$(printf '%s' "$out" | sed 's/.*"task":{"id":"\([^"]*\)".*/\1/')
  lease=$(printf '%s' "$out" | sed 's/.*"lease":"\([^"]*\)".*/\1/')
  echo "$id" >> "$W/claimed"
  "$DISPATCH" task complete "$id" --lease "$lease" --space b >/dev/null 2>>"$W/err$1" \
    || { fails=$((fails+1)); echo "complete exit $?" >> "$W/err$1"; }
  n=$((n+1))
done
echo "$n $fails" > "$W/count$1"
SH
: > "$work/claimed"
[ "$MODE" = inproc ] && export DISPATCH_NO_DAEMON=1 || unset DISPATCH_NO_DAEMON
start=$(date +%s%N)
for w in $(seq 1 "$WORKERS"); do W="$work" DISPATCH="$DISPATCH" sh "$work/worker.sh" "$w" & done
wait_pids=$(jobs -p | grep -v "^$stress_pid\$" || true)
for p in $wait_pids; do wait "$p" || true; done
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
load_end=$(cut -d' ' -f1 /proc/loadavg)
kill "$stress_pid" 2>/dev/null || true; stress_pid=

cmds=0 fails=0
for w in $(seq 1 "$WORKERS"); do read -r c f < "$work/count$w"; cmds=$((cmds+c)); fails=$((fails+f)); done
claims=$(wc -l < "$work/claimed")
unique=$(sort -u "$work/claimed" | wc -l)
done_count=$(DISPATCH_NO_DAEMON= "$DISPATCH" stats --space b --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["queues"]["default"]["done"])')
started=$(grep -c '"event":"started"' "$DISPATCH_HOME/state/daemon.log" || true)
mean_ms=$(( elapsed_ms * WORKERS / cmds ))
echo "mode $MODE: $WORKERS workers, $TASKS tasks, load $load_start -> $load_end (stress-ng --cpu $STRESS on $(nproc) cores)"
echo "  $cmds commands in $elapsed_ms ms: mean $mean_ms ms per command per worker = $(python3 -c "print(f'{$mean_ms/$floor_ms:.2f}')")x the JVM floor of $floor_ms ms (same load)"
echo "  failures $fails, claims $claims, distinct $unique (double claims $((claims - unique))), done $done_count of $TASKS, daemons started $started"
[ "$fails" = 0 ] && [ "$claims" = "$unique" ] && [ "$done_count" = "$TASKS" ] || { echo "FAILED"; tail -n 5 "$work"/err* >&2; exit 1; }

#!/usr/bin/env bash
# Issue 17: one-shot commands from a cold start, no owner running before (docs/owner.md). In a fresh
# DISPATCH_HOME the installed launcher runs `agent register` (the first command: it finds no owner and
# auto-starts one), then N × (`task add` + `task next`), each timed as a whole process; the same sequence
# then runs with DISPATCH_NO_DAEMON=1 (every command opens the store in-process: the path without
# auto-start) in another fresh home. The JVM floor (`java -version` with the launcher's one-shot flags) is
# timed in the same run, interleaved between the commands, so load drifts on all alike.
# Target: auto-start mean <= 80 ms per command, first command included.
# usage: DISPATCH=DIR/bin/dispatch bench/oneshot-cold.sh   (N=100, COMPARE=1: also the in-process arm)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/.ci/find-jdk.sh"
DISPATCH=${DISPATCH:-$(command -v dispatch || echo "$HOME/.local/bin/dispatch")}
[ -x "$DISPATCH" ] || { echo "oneshot-cold.sh: no installed dispatch at $DISPATCH (run ./install.sh)" >&2; exit 1; }
N=${N:-100}
COMPARE=${COMPARE:-1}
mkdir -p "$ROOT/bench/results"
work=$(mktemp -d /tmp/oc-XXXX)
trap 'DISPATCH_HOME="$work/auto" "$DISPATCH" daemon stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
echo "load before: $(uptime)"
python3 - "$DISPATCH" "$JAVA_HOME/bin/java" "$N" "$COMPARE" "$work" "$ROOT/bench/results/oneshot-cold.json" <<'PY'
import json, os, statistics, subprocess, sys, time
dispatch, java, n, compare, work, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5], sys.argv[6]
floor_cmd = [java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-version"]

def timed(cmd, env=None, ok=(0,)):
    t = time.perf_counter()
    code = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
    dt = (time.perf_counter() - t) * 1000
    if code not in ok:
        sys.exit(f"{' '.join(cmd)} exited {code}")
    return dt

def arm(name, extra_env):
    env = dict(os.environ, DISPATCH_HOME=os.path.join(work, name), **extra_env)
    env.pop("DISPATCH_NO_DAEMON", None) if not extra_env else None
    times, floor = [], []
    times.append(timed([dispatch, "agent", "register", "w1", "--space", "b", "--max-concurrent", "1000"], env))
    first = times[0]
    for i in range(n):
        times.append(timed([dispatch, "task", "add", f"t{i}", "--space", "b", "--json"], env))
        times.append(timed([dispatch, "task", "next", "--agent", "w1", "--space", "b", "--json"], env))
        floor.append(timed(floor_cmd))
    return {"first_ms": first, "mean_ms": statistics.mean(times), "median_ms": statistics.median(times),
            "commands": len(times), "floor_mean_ms": statistics.mean(floor)}

res = {"auto": arm("auto", {})}
if compare:
    res["in_process"] = arm("inproc", {"DISPATCH_NO_DAEMON": "1"})
json.dump(res, open(out, "w"), indent=2)
for k, r in res.items():
    print(f"{k:10s}: {r['commands']} commands, mean {r['mean_ms']:7.1f} ms ({r['mean_ms'] / r['floor_mean_ms']:.2f}x the JVM floor"
          f" of {r['floor_mean_ms']:.1f} ms), median {r['median_ms']:.1f} ms, first command {r['first_ms']:.0f} ms")
PY
echo "load after: $(uptime)"

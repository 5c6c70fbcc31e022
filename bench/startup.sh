#!/usr/bin/env bash
# Start-up of the installed launcher against the JVM floor, in one hyperfine run (issue 2):
#   floor: java -version  |  dispatch --version  |  dispatch config show --json
# Needs hyperfine (Debian: apt-get install hyperfine) and an installed dispatch (./install.sh);
# DISPATCH=/path/to/bin/dispatch to measure another install.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/.ci/find-jdk.sh"
DISPATCH=${DISPATCH:-$(command -v dispatch || echo "$HOME/.local/bin/dispatch")}
command -v hyperfine >/dev/null || { echo "startup.sh: hyperfine not found (apt-get install hyperfine)" >&2; exit 1; }
[ -x "$DISPATCH" ] || { echo "startup.sh: no installed dispatch at $DISPATCH (run ./install.sh)" >&2; exit 1; }
mkdir -p "$ROOT/bench/results"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export DISPATCH_HOME="$home"
cd "$home"
echo "load before: $(uptime)"
hyperfine -N --warmup 5 --runs "${RUNS:-40}" \
  --export-json "$ROOT/bench/results/startup.json" \
  -n floor "$JAVA_HOME/bin/java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version" \
  -n version "$DISPATCH --version" \
  -n config-show "$DISPATCH config show --json"
echo "load after: $(uptime)"
python3 - "$ROOT/bench/results/startup.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
floor = r["floor"]["mean"] * 1000
for name in ("version", "config-show"):
    m = r[name]["mean"] * 1000
    print(f"{name:12s} mean {m:6.1f} ms  = floor + {m - floor:5.1f} ms  ({m / floor:4.2f}x floor {floor:.1f} ms)")
# CPU time moves less than wall time when other work shares the cores: quote it when the load is high.
for name in ("floor", "version", "config-show"):
    x = r[name]
    print(f"{name:12s} cpu (user+sys) mean {(x['user'] + x['system']) * 1000:6.1f} ms")
PY

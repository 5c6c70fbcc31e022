#!/usr/bin/env python3
"""The same 2-turn headless task through Claude Code, Codex and Dispatch, interleaved round by round
against one scripted model (bench/peer-model.py: Anthropic wire for Claude Code and Dispatch, OpenAI
Responses for Codex): one tool call that creates hello.txt, then a one-line answer. Dispatch runs in
three states: cold with a new data dir, cold with an existing one, and warm (a daemon owns the store).
Reports best and median wall time and peak RSS of each (the child's own tree, from wait4), the ratios
to Claude Code's median, and the median time from each one's last line on stdout (Dispatch's `end` event)
to its exit. Then the faces: `dispatch` (the workbench) and `dispatch chat` from a cold start
(existing data dir, no owner) to their first prompt ready, on a pseudo-terminal (120x40): until the
workbench shows its input box ("Type a message") and chat its "you> " prompt; the bench answers the
terminal's cursor-position queries as a terminal emulator would.
usage: headless-peers.py ROUNDS DISPATCH PEERS_BIN_DIR"""
import fcntl, os, pty, resource, select, shutil, signal, statistics, struct, subprocess, sys, tempfile, termios, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyface import ready  # noqa: E402

ROUNDS, DISPATCH, PEERS = int(sys.argv[1]), sys.argv[2], sys.argv[3]
PORT = 18700 + os.getpid() % 200
WORK = tempfile.mkdtemp(prefix="peers-")
PROJECT = os.path.join(WORK, "proj")
os.makedirs(PROJECT)
model = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "peer-model.py"), str(PORT), PROJECT])
time.sleep(0.5)
BASE = "http://127.0.0.1:%d" % PORT
CONFIG = """providers: { bench: { type: anthropic, base_url: "%s" } }
keys: [ { id: bench, provider: bench, env: BENCH_KEY } ]
models: [ { id: bench, provider: bench, name: claude-bench } ]
default_model: bench
""" % BASE


def dispatch_home(name):
    home = os.path.join(WORK, name)
    os.makedirs(os.path.join(home, "config"), exist_ok=True)
    path = os.path.join(home, "config", "config.yaml")
    with open(path, "w") as f:
        f.write(CONFIG)
    os.chmod(path, 0o600)
    return home


base_env = dict(os.environ, BENCH_KEY="sk-bench", HOME=os.path.join(WORK, "home"))
os.makedirs(base_env["HOME"], exist_ok=True)
existing, warm = dispatch_home("existing"), dispatch_home("warm")
run = [DISPATCH, "run", "create hello.txt", "--output-format", "stream-json"]
arms = {
    "claude": ([os.path.join(PEERS, "claude"), "-p", "create hello.txt", "--output-format", "stream-json", "--verbose",
                "--permission-mode", "acceptEdits"],
               dict(base_env, ANTHROPIC_BASE_URL=BASE, ANTHROPIC_API_KEY="sk-bench",
                    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", DISABLE_TELEMETRY="1")),
    "codex": ([os.path.join(PEERS, "codex"), "exec", "--json", "--skip-git-repo-check",
               "--dangerously-bypass-approvals-and-sandbox", "-c", "model_provider=bench", "-c",
               'model_providers.bench={name="bench",base_url="%s/v1",wire_api="responses",env_key="BENCH_KEY"}' % BASE,
               "-m", "gpt-bench", "create hello.txt"],
              dict(base_env, CODEX_HOME=os.path.join(WORK, "codex"))),
    "dispatch-new": (run, None),
    "dispatch-existing": (run, dict(base_env, DISPATCH_HOME=existing)),
    "dispatch-warm": (run, dict(base_env, DISPATCH_HOME=warm)),
}
os.makedirs(arms["codex"][1]["CODEX_HOME"], exist_ok=True)
subprocess.run([DISPATCH, "run", "warm up the data dir"], env=arms["dispatch-existing"][1], cwd=PROJECT,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.run([DISPATCH, "daemon", "start", "--no-port"], env=arms["dispatch-warm"][1], check=True,
               stdout=subprocess.DEVNULL)


tails = {}  # per arm: ms from its last stdout line to its exit


def once(name):
    argv, env = arms[name]
    if env is None:  # a new user's first run: a data dir that does not exist yet
        env = dict(base_env, DISPATCH_HOME=dispatch_home("new-%d" % time.monotonic_ns()))
    target = os.path.join(PROJECT, "hello.txt")
    if os.path.exists(target):
        os.remove(target)
    start = time.perf_counter()
    p = subprocess.Popen(argv, env=env, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    last = start
    for _ in p.stdout:  # the last line (Dispatch's `end` event, Claude Code's `result`) -> exit
        last = time.perf_counter()
    _, status, usage = os.wait4(p.pid, 0)
    end = time.perf_counter()
    took = (end - start) * 1000
    tails[name].append((end - last) * 1000)
    if os.waitstatus_to_exitcode(status) != 0 or not os.path.exists(target):
        sys.exit("headless-peers: %s failed (exit %d, hello.txt %s)" % (
            name, os.waitstatus_to_exitcode(status), "made" if os.path.exists(target) else "missing"))
    return took, usage.ru_maxrss / 1024


try:
    results = {n: [] for n in arms}
    tails.update({n: [] for n in arms})
    names = list(arms)
    for r in range(ROUNDS + 1):
        for name in (names if r % 2 == 0 else names[::-1]):
            t = once(name)
            if r > 0:  # round 0 warms the page cache and the npm packages
                results[name].append(t)
    cc = statistics.median(t for t, _ in results["claude"])
    print("%-18s %9s %9s %9s %8s %12s" % ("", "best ms", "median ms", "peak MB", "/ claude", "end->exit ms"))
    for name, v in results.items():
        med = statistics.median(t for t, _ in v)
        print("%-18s %9.0f %9.0f %9.0f %7.2fx %12.0f" % (name, min(t for t, _ in v), med, max(m for _, m in v),
                                                   med / cc, statistics.median(tails[name][1:] or tails[name])))
    faces = {"tui-ready": ([DISPATCH], b"Type a message"), "chat-ready": ([DISPATCH, "chat"], b"you> ")}
    times = {n: [] for n in faces}
    for r in range(ROUNDS + 1):
        for name, (argv, marker) in faces.items():
            t = ready(argv, arms["dispatch-existing"][1], PROJECT, marker, "headless-peers")
            if r > 0:
                times[name].append(t)
    print("%-18s %9s %9s   (cold, existing data dir, no owner; target <= 400 ms)" % ("", "best ms", "median ms"))
    for name, v in times.items():
        print("%-18s %9.0f %9.0f" % (name, min(v), statistics.median(v)))
finally:
    subprocess.run([DISPATCH, "daemon", "stop"], env=arms["dispatch-warm"][1], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    model.terminate()
    shutil.rmtree(WORK, ignore_errors=True)

#!/usr/bin/env python3
"""Attached dispatch run: time from the stream-json end line to process exit (issue 19). A scripted model
(bench/peer-model.py), a daemon in a temp DISPATCH_HOME, 6 runs. usage: bench/warm-exit.py DISPATCH_JAR [JVM_OPTS...]
JAVA: $JAVA (default Temurin 25 under /usr/lib/jvm)."""
import os, subprocess, sys, time, tempfile
JAVA = os.environ.get("JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
JAR = sys.argv[1]
extra = sys.argv[2:]  # extra jvm options
WORK = tempfile.mkdtemp(prefix="warm-", dir="/tmp")
PROJECT = os.path.join(WORK, "proj"); os.makedirs(PROJECT)
PORT = 18900 + os.getpid() % 90
model = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peer-model.py"), str(PORT), PROJECT])
time.sleep(0.5)
home = os.path.join(WORK, "h"); os.makedirs(os.path.join(home, "config"))
cfg = os.path.join(home, "config", "config.yaml")
open(cfg, "w").write("""providers: { bench: { type: anthropic, base_url: "http://127.0.0.1:%d" } }
keys: [ { id: bench, provider: bench, env: BENCH_KEY } ]
models: [ { id: bench, provider: bench, name: claude-bench } ]
default_model: bench
""" % PORT)
os.chmod(cfg, 0o600)
env = dict(os.environ, BENCH_KEY="sk-bench", DISPATCH_HOME=home)
env.pop("DISPATCH_NO_DAEMON", None)
base = [JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"] + extra + ["-jar", JAR]
subprocess.run(base + ["daemon", "start", "--no-port"], env=env, check=True, stdout=subprocess.DEVNULL)
try:
    for i in range(6):
        t0 = time.time()
        p = subprocess.Popen(base + ["run", "create hello.txt", "--output-format", "stream-json"], env=env, cwd=PROJECT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = end = None
        for line in p.stdout:
            if first is None: first = time.time()
            if b'"type":"end"' in line: end = time.time()
        p.wait(); t1 = time.time()
        print("run %d: total %.0f ms, first event %.0f ms, end->exit %.0f ms, rc %d" % (i, (t1-t0)*1000, (first-t0)*1000 if first else -1, (t1-end)*1000 if end else -1, p.returncode), flush=True)
finally:
    subprocess.run(base + ["daemon", "stop"], env=env, stdout=subprocess.DEVNULL)
    model.kill()

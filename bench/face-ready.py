#!/usr/bin/env python3
"""The faces' start-up on a pseudo-terminal (120x40), A/B interleaved: for each install (NAME=LAUNCHER) the
ms from exec to `dispatch` (the workbench) showing its input box ("Type a message"), to `dispatch chat`
showing its "you> " prompt, and to `dispatch --resume ID` (the workbench) showing the last message of a
recorded session of MESSAGES messages (issue 23: resume to first paint), each with an existing data dir and
no owner. Round r runs every (face, install) once, reversed on odd rounds; round 0 is a warm-up. The pty
answers the terminal's cursor-position queries as a terminal emulator would.
usage: face-ready.py ROUNDS MESSAGES NAME=LAUNCHER [NAME=LAUNCHER ...]
  e.g. bench/face-ready.py 10 5000 base=/tmp/base/bin/dispatch new=$HOME/.local/bin/dispatch
The session is written by dev.dispatch.bench.ResumeSeed (test classes; BENCH_CP from bench/lib.sh)."""
import fcntl, os, pty, select, shutil, signal, statistics, struct, subprocess, sys, tempfile, termios, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyface import ready  # noqa: E402

def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    rounds, messages = int(sys.argv[1]), int(sys.argv[2])
    installs = [a.split("=", 1) for a in sys.argv[3:]]
    work = tempfile.mkdtemp(prefix="faces-")
    project = os.path.join(work, "proj")
    home = os.path.join(work, "home")
    os.makedirs(project)
    os.makedirs(os.path.join(home, "config"))
    with open(os.path.join(home, "config", "config.yaml"), "w") as f:
        f.write('providers: { bench: { type: anthropic, base_url: "http://127.0.0.1:9" } }\n'
                'keys: [ { id: bench, provider: bench, secret: "sk-bench" } ]\n'
                'models: [ { id: bench, provider: bench, name: claude-bench } ]\ndefault_model: bench\n')
    os.chmod(os.path.join(home, "config", "config.yaml"), 0o600)
    env = dict(os.environ, DISPATCH_HOME=home, HOME=work)
    try:
        # the data dir exists (a first run made it) and holds the long session
        seed = subprocess.run([os.environ.get("JAVA", "java"), "-cp", os.environ["BENCH_CP"],
                               "dev.dispatch.bench.ResumeSeed", home, project, str(messages)],
                              check=True, capture_output=True, text=True).stdout.split()
        session, last = seed[0], seed[1].encode()
        faces = {"tui-ready": ([], b"Type a message"), "chat-ready": (["chat"], b"you> "),
                 "tui-resume": (["--resume", session], last)}
        arms = [(face, name, launcher) for face in faces for name, launcher in installs]
        times = {(f, n): [] for f, n, _ in arms}
        for r in range(rounds + 1):
            for face, name, launcher in (arms if r % 2 == 0 else arms[::-1]):
                args, marker = faces[face]
                t = ready([launcher] + args, env, project, marker, "face-ready")
                if r > 0:
                    times[(face, name)].append(t)
        print("%-12s %-10s %8s %9s %8s   (existing data dir, no owner; %d-message session; n=%d)"
              % ("face", "install", "best ms", "median ms", "mean ms", messages, rounds))
        for (face, name), v in times.items():
            print("%-12s %-10s %8.0f %9.0f %8.0f" % (face, name, min(v), statistics.median(v), statistics.mean(v)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Interleaved A/B timing of whole commands: round r runs every command once, in turn (reversed on odd
rounds), so the machine's drift (on these shared 2-core boxes the JVM floor moves 24-34 ms between
minutes) falls on all of them alike, which hyperfine's one-command-after-the-other runs cannot promise.

usage: bench/ab.py ROUNDS NAME 'COMMAND' NAME 'COMMAND' ...
  e.g. bench/ab.py 60 base "dispatch task next --agent w1 --json" \\
                      xint "env DISPATCH_JAVA_OPTS=-Xint dispatch task next --agent w1 --json"
Prints per command: wall mean and median, CPU (user+sys of the child) mean. The first 3 rounds are
warm-up. A command that exits non-zero stops the run (its name and exit code are printed)."""
import resource
import shlex
import statistics
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 4 or len(argv) % 2 != 0 or not argv[1].isdigit():
        sys.exit(__doc__)
    rounds = int(argv[1])
    arms = list(zip(argv[2::2], argv[3::2]))
    wall = {name: [] for name, _ in arms}
    cpu = {name: [] for name, _ in arms}
    for r in range(rounds + 3):
        for name, cmd in (arms if r % 2 == 0 else arms[::-1]):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            code = subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            took = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if code != 0:
                sys.exit(f"ab.py: {name} exited {code}: {cmd}")
            if r >= 3:
                wall[name].append(took * 1000)
                cpu[name].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    for name, _ in arms:
        w, c = wall[name], cpu[name]
        print(f"{name:16s} wall mean {statistics.mean(w):6.1f} ms  median {statistics.median(w):6.1f} ms"
              f"  cpu mean {statistics.mean(c):6.1f} ms  (n={len(w)})")


if __name__ == "__main__":
    main(sys.argv)

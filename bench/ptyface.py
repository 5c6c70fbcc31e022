"""One face started on a pseudo-terminal (120x40) and timed to a marker on its screen: shared by
bench/headless-peers.py and bench/face-ready.py. Python's standard library only."""
import fcntl, os, pty, select, signal, struct, sys, termios, time


def ready(argv, env, cwd, marker, who, limit=30.0):
    """ms from spawn to `marker` on the face's terminal; the face is then asked to leave (SIGTERM), and the
    bench `who` exits naming the face when the marker never shows."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execvpe(argv[0], argv, dict(env, TERM="xterm-256color"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen, took = b"", None
    while time.perf_counter() - start < limit:
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        # answer cursor-position queries as a terminal does (Lanterna sizes the screen with them and waits
        # seconds for an answer that a bare pty never sends)
        for _ in range(chunk.count(b"\x1b[6n")):
            os.write(fd, b"\x1b[40;120R")
        seen += chunk
        if marker in seen[-len(chunk) - len(marker):]:
            took = (time.perf_counter() - start) * 1000
            break
    os.kill(pid, signal.SIGTERM)
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        try:
            r, _, _ = select.select([fd], [], [], 0.02)
            if r:
                os.read(fd, 65536)  # drain: a face restoring the terminal must not block on a full pty
        except OSError:
            pass
        if os.waitpid(pid, os.WNOHANG)[0]:
            break
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    if took is None:
        sys.exit("%s: %s never showed %r; last output: %r" % (who, " ".join(argv), marker, seen[-300:]))
    return took

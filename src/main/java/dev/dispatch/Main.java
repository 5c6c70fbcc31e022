package dev.dispatch;

import dev.dispatch.cli.Cli;
import dev.dispatch.cli.RunLane;
import dev.dispatch.cli.SocketLane;

/**
 * Entry point: everything a user can type starts in {@link Cli}, except a coordination one-shot (text or
 * {@code --json}) while a daemon runs, which {@link SocketLane} sends straight to it, and a
 * {@code dispatch run} while an owner runs, which {@link RunLane} attaches to it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = SocketLane.run(args);
        if (code == SocketLane.NOT_TAKEN) code = RunLane.start(args);
        // The lane has flushed its output and registers no shutdown hook; System.exit would first look up
        // a System.Logger to log the exit (JDK 17+), which costs a short run ~4 ms.
        if (code != SocketLane.NOT_TAKEN) Runtime.getRuntime().halt(code);
        System.exit(Cli.run(args));
    }
}

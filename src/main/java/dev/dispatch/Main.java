package dev.dispatch;

import dev.dispatch.cli.Cli;
import dev.dispatch.cli.SocketLane;

/**
 * Entry point: everything a user can type starts in {@link Cli}, except a coordination one-shot with
 * {@code --json} while a daemon runs, which {@link SocketLane} sends straight to it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = SocketLane.run(args);
        System.exit(code != SocketLane.NOT_TAKEN ? code : Cli.run(args));
    }
}

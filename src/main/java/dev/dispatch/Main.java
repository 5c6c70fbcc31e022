package dev.dispatch;

import dev.dispatch.cli.Cli;

/** Entry point: everything a user can type starts in {@link Cli}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}

package dev.dispatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command tree in-process and captures what it prints, for CLI tests. */
public final class CliHarness {
    public record Result(int exitCode, String out, String err) {}

    private CliHarness() {}

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}

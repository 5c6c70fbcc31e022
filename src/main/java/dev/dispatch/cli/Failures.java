package dev.dispatch.cli;

import dev.dispatch.protocol.EngineException;
import java.io.PrintWriter;

/**
 * How a failed command is told to the user and which exit code it ends with: one rule for {@link Cli}'s
 * error handler and for {@link SocketLane}, which must print exactly what the picocli command would.
 * Free of picocli, so the lane can use it without loading picocli's classes.
 */
final class Failures {
    private Failures() {}

    /** Prints {@code e} as {@code dispatch: MESSAGE} (with its stack trace when {@code debug}); returns the exit code. */
    static int report(Exception e, PrintWriter err, boolean debug) {
        if (e instanceof CliException ce) {
            err.println("dispatch: " + ce.getMessage());
            return ce.exitCode().code();
        }
        if (e instanceof EngineException ee) {
            err.println("dispatch: " + ee.getMessage());
            if (debug) e.printStackTrace(err);
            return ExitCode.of(ee.code()).code();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("dispatch: " + msg);
        if (debug) e.printStackTrace(err);
        else err.println("(run with --debug for details)");
        return ExitCode.ERROR.code();
    }
}

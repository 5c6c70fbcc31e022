package dev.dispatch.cli;

import dev.dispatch.protocol.PermissionDecision;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Permission prompts of a headless {@code dispatch run} on its terminal: the question on stderr,
 * {@code [o]nce [s]ession [a]lways [d]eny} read from the console. Also picks the run's permission
 * mode: ask needs a terminal (without one it falls back to deny, and says so), and bypass is
 * refused as root unless {@code --i-know}.
 */
final class PermissionPrompt {
    /** The process's uid (tests replace it to check both sides of the root rule). */
    static IntSupplier uid = PermissionPrompt::processUid;

    private final BufferedReader in;
    private final PrintWriter err;

    private PermissionPrompt(BufferedReader in, PrintWriter err) {
        this.in = in;
        this.err = err;
    }

    /** A prompt on the process's console, or null when there is no terminal. */
    static PermissionPrompt interactive() {
        Console c = System.console();
        if (c == null || !isTerminal(c)) return null;
        return new PermissionPrompt(new BufferedReader(c.reader()), c.writer());
    }

    // JDK 22+ returns a Console even when stdin is redirected; isTerminal() (22+) tells them apart.
    // Compiled for 21, so it is looked up rather than called.
    private static boolean isTerminal(Console c) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The mode to run with, as its wire name; a usage error for bad or refused choices. */
    static String mode(String requested, boolean iKnow, boolean terminal, PrintWriter err) {
        String mode = requested == null
                ? (terminal ? "ask" : "deny")
                : requested.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (mode) {
            case "ask" -> {
                if (!terminal) {
                    err.println("dispatch: --permission-mode ask needs a terminal to answer prompts; running with deny"
                            + " (anything that would ask is refused with a tool error)");
                    return "deny";
                }
            }
            case "deny", "accept-edits" -> {}
            case "bypass" -> {
                if (uid.getAsInt() == 0 && !iKnow) {
                    throw new CliException(
                            ExitCode.USAGE,
                            "refusing --permission-mode bypass as root: the agent could"
                                    + " change anything on this machine; add --i-know if you really mean it");
                }
                err.println("dispatch: WARNING: --permission-mode bypass: the agent may read, write and run anything"
                        + " outside the deny rules, without asking");
            }
            default ->
                throw new CliException(
                        ExitCode.USAGE,
                        "'" + requested + "' is not a permission mode: use ask, deny, accept-edits or bypass");
        }
        err.flush();
        return mode;
    }

    /** Asks on the terminal until it gets an answer; end of input denies. */
    SessionOps.ReplyPermission ask(RuntimeEvents.PermissionRequested r) {
        err.println();
        err.println(
                "permission needed (" + r.agentId() + (r.tool() == null ? "" : ", " + r.tool()) + "): " + r.reason());
        if (r.command() != null) err.println("  command: " + r.command());
        r.paths().forEach(p -> err.println("  " + r.operation() + ": " + p));
        while (true) {
            err.print("[o]nce [s]ession [a]lways [d]eny? ");
            err.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                line = null;
            }
            if (line == null)
                return new SessionOps.ReplyPermission(
                        r.requestId(), PermissionDecision.DENY, "no answer (end of input)");
            PermissionDecision d =
                    switch (line.strip().toLowerCase(Locale.ROOT)) {
                        case "o", "once" -> PermissionDecision.ONCE;
                        case "s", "session" -> PermissionDecision.SESSION;
                        case "a", "always" -> PermissionDecision.ALWAYS;
                        case "d", "deny" -> PermissionDecision.DENY;
                        default -> null;
                    };
            if (d != null) return new SessionOps.ReplyPermission(r.requestId(), d, "");
        }
    }

    private static int processUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}

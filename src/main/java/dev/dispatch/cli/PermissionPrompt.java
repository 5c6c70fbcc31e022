package dev.dispatch.cli;

import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import java.io.BufferedReader;
import java.io.Console;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Permission prompts of a headless {@code dispatch run} on the terminal that started it: the question
 * and {@code [o]nce [s]ession [a]lways [d]eny} go through the controlling terminal ({@code /dev/tty},
 * as sudo and ssh ask), so they show and are answered even when the answer goes to a file
 * ({@code > out.md}) or the prompt came on stdin ({@code -}). A terminal counts when one of the
 * standard streams is on it; a run with all three redirected, or without a controlling terminal
 * (CI, cron), has none. While it waits, the question may be answered elsewhere ({@code dispatch
 * permission reply}, an attached TUI): it then stops asking instead of waiting for a line nobody
 * needs. Also picks the run's permission mode: ask needs a terminal (without one it falls back to
 * deny, and says so), and bypass is refused as root unless {@code --i-know}.
 */
final class PermissionPrompt {
    /** The process's uid (tests replace it to check both sides of the root rule). */
    static IntSupplier uid = PermissionPrompt::processUid;

    private static final Path TTY = Path.of("/dev/tty");
    private static final long POLL_MILLIS = 100;

    private final BufferedReader in;
    private final PrintWriter err;
    private final boolean pollable;

    private PermissionPrompt(BufferedReader in, PrintWriter err, boolean pollable) {
        this.in = in;
        this.err = err;
        this.pollable = pollable;
    }

    /** A prompt on the terminal this run was started from, or null when there is none. */
    static PermissionPrompt interactive() {
        Boolean onTerminal = standardStreamOnTerminal();
        if (onTerminal == null) { // no /proc: the console, when stdin and stdout are a terminal
            Console c = System.console();
            if (c == null || !isTerminal(c)) return null;
            return new PermissionPrompt(new BufferedReader(c.reader()), c.writer(), false);
        }
        if (!onTerminal) return null;
        try {
            var read = new InputStreamReader(new FileInputStream(TTY.toFile()), StandardCharsets.UTF_8);
            var write = new OutputStreamWriter(new FileOutputStream(TTY.toFile()), StandardCharsets.UTF_8);
            return new PermissionPrompt(new BufferedReader(read), new PrintWriter(write, true), true);
        } catch (IOException | SecurityException noControllingTerminal) {
            return null;
        }
    }

    /** Whether stdin, stdout or stderr is a terminal device; null when /proc cannot tell. */
    private static Boolean standardStreamOnTerminal() {
        boolean known = false;
        for (int fd = 0; fd <= 2; fd++) {
            try {
                String target =
                        Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                known = true;
                if (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console"))
                    return true;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // closed or unreadable: not a terminal, or no /proc at all
            }
        }
        return known ? false : null;
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

    /**
     * Asks on the terminal until it gets an answer; end of input denies. Answers null, having said
     * so, when {@code answeredElsewhere} turns true first: the request needs no answer from here.
     */
    SessionOps.ReplyPermission ask(RuntimeEvents.PermissionRequested r, BooleanSupplier answeredElsewhere)
            throws InterruptedException {
        err.println();
        // a child names its place in the tree (main › planner › researcher) besides its id
        String who = r.ancestry().equals(r.agentId()) ? r.agentId() : r.ancestry() + " " + r.agentId();
        err.println("permission needed (" + who + (r.tool() == null ? "" : ", " + r.tool()) + ", request "
                + r.requestId() + "): " + r.reason());
        if (r.command() != null) err.println("  command: " + r.command());
        r.paths().forEach(p -> err.println("  " + r.operation() + ": " + p));
        while (true) {
            err.print("[o]nce [s]ession [a]lways [d]eny? ");
            err.flush();
            String line;
            try {
                line = awaitLine(answeredElsewhere);
            } catch (IOException endOfInput) {
                return new SessionOps.ReplyPermission(r.requestId(), PermissionAnswer.DENY, "no answer (end of input)");
            }
            if (line == null) {
                err.println();
                err.println("answered elsewhere; going on");
                err.flush();
                return null;
            }
            PermissionAnswer d =
                    switch (line.strip().toLowerCase(Locale.ROOT)) {
                        case "o", "once" -> PermissionAnswer.ONCE;
                        case "s", "session" -> PermissionAnswer.SESSION;
                        case "a", "always" -> PermissionAnswer.ALWAYS;
                        case "d", "deny" -> PermissionAnswer.DENY;
                        default -> null;
                    };
            if (d != null) return new SessionOps.ReplyPermission(r.requestId(), d, "");
        }
    }

    /** A line where the prompts show. */
    void say(String line) {
        err.println(line);
        err.flush();
    }

    /**
     * The next line typed, or null once the request was answered elsewhere; end of input (or a read
     * error) throws. On the terminal device it reads only when a whole line is waiting (a terminal in
     * line mode reports input only once Enter was pressed), so nothing typed after the run is taken
     * from the shell; the console fallback cannot tell and blocks.
     */
    private String awaitLine(BooleanSupplier answeredElsewhere) throws IOException, InterruptedException {
        while (pollable && !in.ready()) {
            if (answeredElsewhere.getAsBoolean()) return null;
            Thread.sleep(POLL_MILLIS);
        }
        String line = in.readLine();
        if (line == null) throw new java.io.EOFException("end of input");
        return line;
    }

    private static int processUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}

package dev.dispatch.cli;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionBrowseOps.SessionInfo;
import dev.dispatch.protocol.SessionOps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --continue} and {@code --resume [ID]} for the conversational faces (workbench, chat): which
 * recorded session to show and continue. {@code --resume} without an id asks which one from a
 * numbered list of this project's recent sessions.
 */
public final class ResumeOptions {
    private static final String CONTINUE_DOC = "Continue the most recent session of this project.";
    private static final String RESUME_DOC =
            "Continue session ID with its full history; without ID, pick from this project's recent sessions.";

    @Option(names = "--continue", description = CONTINUE_DOC)
    boolean continueLatest;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "ID", description = RESUME_DOC)
    String resume;

    /** The same options as a programmatic mixin, for the root command (see {@link DispatchCommand#model}). */
    CommandSpec mixin() {
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(GlobalOptions.flag("--continue", CONTINUE_DOC, ScopeType.LOCAL, new GlobalOptions.Cell() {
            @Override
            boolean get() {
                return continueLatest;
            }

            @Override
            void set(boolean value) {
                continueLatest = value;
            }
        }));
        mixin.addOption(OptionSpec.builder("--resume")
                .type(String.class)
                .arity("0..1")
                .fallbackValue("")
                .paramLabel("ID")
                .description(RESUME_DOC)
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        @SuppressWarnings("unchecked")
                        T old = (T) resume;
                        resume = (String) value;
                        return old;
                    }
                })
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) resume;
                    }
                })
                .build());
        return mixin;
    }

    /** Refuses --continue with --resume before anything opens. */
    void check() {
        if (continueLatest && resume != null)
            throw new CliException(ExitCode.USAGE, "use --continue or --resume [ID], not both");
    }

    /** Whether {@link #sessionId} asks the user which session (--resume without an ID) on the terminal. */
    boolean picks() {
        return !continueLatest && resume != null && resume.isBlank();
    }

    /** Whether {@link #sessionId} needs the engine: --continue (the latest session) or the picker. */
    boolean needsEngine() {
        return continueLatest || picks();
    }

    /** The session to continue, or null for a new conversation; {@code engine} may be null unless {@link #needsEngine}. */
    String sessionId(Engine engine, String cwd, CommandSpec spec) {
        check();
        if (continueLatest)
            return engine.submit(new SessionOps.LatestSession(cwd)).sessionId();
        if (resume == null) return null;
        if (!resume.isBlank()) return resume.strip();
        return pick(engine, spec);
    }

    private static String pick(Engine engine, CommandSpec spec) {
        String space = SpaceMixin.defaultSpace(Environment.current().cwd());
        List<SessionInfo> recent = engine.submit(new SessionBrowseOps.ListSessions(space, null, false, null, null, 20))
                .sessions();
        if (recent.isEmpty())
            throw new CliException(
                    ExitCode.NOT_FOUND, "no sessions in " + space + " to resume: start one without --resume");
        if (System.console() == null)
            throw new CliException(
                    ExitCode.USAGE,
                    "--resume without an ID asks which session, but stdin is not a"
                            + " terminal: give the id (see 'dispatch sessions list')");
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < recent.size(); i++) {
            SessionInfo s = recent.get(i);
            out.printf(
                    "%2d  %s  %s  %s (%d messages)%n",
                    i + 1, SessionsCommand.WHEN.format(s.updatedAt()), s.id(), s.title(), s.messageCount());
        }
        out.print("Resume which? [1-" + recent.size() + "] ");
        out.flush();
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int n = Integer.parseInt(line == null ? "" : line.strip());
            if (n >= 1 && n <= recent.size()) return recent.get(n - 1).id();
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new CliException(ExitCode.USAGE, "'" + line + "' is not a number from 1 to " + recent.size());
    }
}

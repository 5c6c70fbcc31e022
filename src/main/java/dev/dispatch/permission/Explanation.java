package dev.dispatch.permission;

import dev.dispatch.fs.RealPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a {@link Policy} reads one path or one command, for {@code dispatch permission explain}: the same
 * evaluation an agent's request gets (no grants, no mode, nobody asked), laid open. A path is judged
 * for read and for write, with the real path it resolves to; a command by what the analyser found in
 * it (each simple command, every path it reaches and how, the concerns that make it ask) and the one
 * decision it would get. A decision here is what the rules say before any person answers: "ask" means
 * the agent's run would prompt (or refuse, without a terminal).
 */
public final class Explanation {
    /** One decision: {@code outcome} allow, deny or ask; {@code decidedBy} root, rule, protected, …. */
    public record Verdict(String operation, String outcome, String decidedBy, String reason) {}

    /**
     * A path a command reaches: how ({@code operation} read, write, execute), which word said so, and
     * whether it is a subtree; or another machine ({@code operation} {@link #NETWORK}, {@code path} the
     * URL or {@code host:path} as written), which is network access and not a file of this one.
     */
    public record Reach(String operation, String path, String source, boolean subtree) {}

    /** A concern: OPAQUE (what runs cannot be seen) or RISKY (a known way to subvert other programs). */
    public record Concern(String kind, String reason) {}

    /** The whole reading; for a path {@code resolved} is its real location, for a command its cwd. */
    public record Result(
            String kind,
            String subject,
            String resolved,
            List<Verdict> verdicts,
            List<String> commands,
            List<Reach> reaches,
            List<Concern> concerns) {}

    /** The operation of a {@link Reach} that names another machine. */
    public static final String NETWORK = "network";

    private Explanation() {}

    /** {@code given} (relative to the project root) as a file tool would read it and write it. */
    public static Result path(Policy policy, Path given) {
        Path lexical = given.isAbsolute() ? given : policy.root().resolve(given);
        String resolved;
        try {
            resolved = RealPaths.resolve(policy.root(), lexical).toString();
        } catch (IOException e) {
            resolved = lexical.normalize() + " (cannot resolve: " + e.getMessage() + ")";
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Operation op : List.of(Operation.READ, Operation.WRITE)) {
            verdicts.add(verdict(op, policy.path(op, given, "")));
        }
        return new Result("path", given.toString(), resolved, verdicts, List.of(), List.of(), List.of());
    }

    /** {@code command} as {@code run_shell} would run it in {@code cwd}. */
    public static Result command(Policy policy, String command, Path cwd) {
        Path real;
        try {
            real = RealPaths.resolve(policy.root(), cwd);
        } catch (IOException e) {
            real = cwd.toAbsolutePath().normalize();
        }
        CommandAnalysis analysis = policy.analyser().analyse(command, real);
        List<Reach> reaches = new ArrayList<>();
        for (CommandAnalysis.PathUse u : analysis.uses()) {
            reaches.add(new Reach(lower(u.operation()), u.path().toString(), u.source(), u.subtree()));
        }
        for (CommandAnalysis.Remote r : analysis.remotes()) {
            reaches.add(new Reach(NETWORK, r.target(), r.source(), false));
        }
        List<Concern> concerns = new ArrayList<>();
        for (CommandAnalysis.Concern c : analysis.concerns()) concerns.add(new Concern(lower(c.kind()), c.reason()));
        Evaluation e = policy.evaluate(PermissionRequest.execute(command, cwd, "explain"));
        return new Result(
                "command",
                command,
                real.toString(),
                List.of(verdict(Operation.EXECUTE, e)),
                analysis.commandLines(),
                reaches,
                concerns);
    }

    private static Verdict verdict(Operation op, Evaluation e) {
        return new Verdict(lower(op), lower(e.outcome()), lower(e.by()), e.reason());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}

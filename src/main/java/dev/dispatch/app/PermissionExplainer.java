package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.config.Dirs;
import dev.dispatch.permission.Explanation;
import dev.dispatch.permission.Policy;
import dev.dispatch.permission.Rules;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.PermissionOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code ExplainPermission} and says how each configured rule was read: builds the policy an
 * agent started at {@code cwd} would get (its merged config's rules, Dispatch's protected directories,
 * the user's home) and lays its reading open ({@link Explanation}). {@link #readings} also serves
 * {@code dispatch config validate}, which reads the config without an engine.
 */
public final class PermissionExplainer {
    private final Dirs dirs;
    private final Map<String, String> env;

    public PermissionExplainer(Dirs dirs, Map<String, String> env) {
        this.dirs = dirs;
        this.env = env;
    }

    /** Every permission rule of {@code config} as an agent rooted at {@code root} reads it, in written order. */
    public static List<PermissionOps.RuleReading> readings(Config config, Map<String, String> env, Path root) {
        return Rules.from(config.permissions(), home(env)).readings().stream()
                .map(r -> new PermissionOps.RuleReading(r.list(), r.rule(), r.kind(), r.readAs()))
                .toList();
    }

    PermissionOps.ExplainResult explain(PermissionOps.ExplainPermission op) {
        // 1) the project, its config and the policy an agent there would get
        Path root = ProjectConfig.root(op.cwd());
        String subject = op.subject() == null ? "" : op.subject().strip();
        if (subject.isEmpty()) throw EngineException.invalid("nothing to explain: give a path or a command");
        Config config = ProjectConfig.load(dirs, env, root);
        Rules rules = Rules.from(config.permissions(), home(env));
        Policy policy;
        try {
            policy = new Policy(
                    root, rules, List.of(dirs.data(), dirs.config(), dirs.runtime(), dirs.state()), home(env));
        } catch (IOException e) {
            throw EngineException.invalid("cannot use " + root + " as the project root: " + e.getMessage());
        }
        // 2) a path or a command, as asked or as guessed
        Explanation.Result r;
        try {
            String kind = kind(op.kind(), subject, root);
            r = kind.equals("path")
                    ? Explanation.path(policy, Path.of(expandHome(subject)))
                    : Explanation.command(policy, subject, root);
        } catch (java.nio.file.InvalidPathException e) {
            // a NUL or another character no path may hold: the caller's mistake, not the engine's
            throw EngineException.invalid("'" + subject.replace("\0", "\\0") + "' is not a valid path (" + e.getReason()
                    + "); give a path without NUL characters, or --command to explain it as one");
        }
        return new PermissionOps.ExplainResult(
                r.kind(),
                r.subject(),
                policy.root().toString(),
                r.resolved(),
                r.verdicts().stream()
                        .map(v -> new PermissionOps.Verdict(v.operation(), v.outcome(), v.decidedBy(), v.reason()))
                        .toList(),
                r.commands(),
                r.reaches().stream()
                        .map(x -> new PermissionOps.Reach(x.operation(), x.path(), x.source(), x.subtree()))
                        .toList(),
                r.concerns().stream()
                        .map(c -> new PermissionOps.Concern(c.kind(), c.reason()))
                        .toList(),
                readings(config, env, root));
    }

    /** {@code path} or {@code command}: as asked, else whitespace or a word that is no path means a command. */
    static String kind(String asked, String subject, Path root) {
        if (asked != null && !asked.isBlank()) {
            String k = asked.strip().toLowerCase(java.util.Locale.ROOT);
            if (k.equals("path") || k.equals("command")) return k;
            throw EngineException.invalid("kind '" + asked + "' is neither path nor command");
        }
        if (subject.chars().anyMatch(Character::isWhitespace)) return "command";
        boolean looksLikePath = subject.contains("/") || subject.startsWith("~") || subject.startsWith(".");
        return looksLikePath || Files.exists(root.resolve(subject)) ? "path" : "command";
    }

    private String expandHome(String subject) {
        if (subject.equals("~")) return home(env).toString();
        if (subject.startsWith("~/"))
            return home(env).resolve(subject.substring(2)).toString();
        return subject;
    }

    private static Path home(Map<String, String> env) {
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
    }
}

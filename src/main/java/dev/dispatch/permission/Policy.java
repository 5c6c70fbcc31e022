package dev.dispatch.permission;

import dev.dispatch.fs.RealPaths;
import dev.dispatch.permission.Evaluation.AskItem;
import dev.dispatch.permission.Evaluation.By;
import dev.dispatch.permission.Evaluation.Outcome;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides one agent's requests without asking anyone: deny beats ask beats allow, whatever order
 * the rules were written in. For each path, on its real location (symlinks followed, {@code ..}
 * applied, compared by component): Dispatch's own directories are refused, as are writes to
 * {@code .git/hooks} and {@code .git/config}; then deny globs; then, for a child agent, its ceiling
 * (the intersection of its parent's grants and its own) and its own grants, else ask; then the project root, auto-allowed paths
 * and grants allow; anything left asks. Shell commands go through {@link CommandAnalyser} and each
 * path they touch is judged the same way; command patterns in the deny list and flagged constructs
 * are judged per simple command.
 */
public final class Policy {
    private static final Set<String> PROC_HARMLESS = Set.of(
            "/proc/cpuinfo",
            "/proc/meminfo",
            "/proc/version",
            "/proc/loadavg",
            "/proc/uptime",
            "/proc/stat",
            "/proc/filesystems",
            "/proc/swaps");

    private final Path root;
    private final Rules rules;
    private final List<Path> protectedDirs;
    private final Grants grants;
    private final Grants ceiling;
    private final CommandAnalyser analyser;

    /**
     * @param projectRoot an existing directory (resolved to its real path here)
     * @param protectedDirs Dispatch's data, config, runtime and state directories (need not exist)
     * @param home what {@code ~} means in shell commands
     */
    public Policy(Path projectRoot, Rules rules, List<Path> protectedDirs, Path home) throws IOException {
        this(
                RealPaths.existingDirectory(projectRoot),
                rules,
                realAll(protectedDirs),
                new CommandAnalyser(home),
                new Grants(),
                null);
    }

    private Policy(
            Path root, Rules rules, List<Path> protectedDirs, CommandAnalyser analyser, Grants grants, Grants ceiling) {
        this.root = root;
        this.rules = rules;
        this.protectedDirs = protectedDirs;
        this.analyser = analyser;
        this.grants = grants;
        this.ceiling = ceiling;
    }

    public Path root() {
        return root;
    }

    /** The grants this agent collected (session and always answers). */
    public Grants grants() {
        return grants;
    }

    /** Whether this is a child agent's policy (a ceiling shared by its parent bounds what it does unasked). */
    public boolean isChild() {
        return ceiling != null;
    }

    Rules rules() {
        return rules;
    }

    CommandAnalyser analyser() {
        return analyser;
    }

    List<Path> protectedDirs() {
        return protectedDirs;
    }

    /**
     * Everything this agent may touch without asking, as path grants: the root and auto-allowed
     * paths (every operation) and its grants; for a child, its ceiling.
     */
    public Grants effective() {
        if (ceiling != null) return ceiling;
        List<Grants.PathGrant> all = new ArrayList<>(grants.pathGrants());
        List<Path> scopes = new ArrayList<>(rules.autoAllowed());
        scopes.add(root);
        for (Path p : scopes) {
            for (Operation op : Operation.values()) all.add(new Grants.PathGrant(op, p));
        }
        return new Grants(all);
    }

    /**
     * A child agent's policy: its ceiling is the intersection of this agent's effective grants and
     * the ones it asks for, allowed without asking. Anything outside it (and outside what the user
     * granted the child since) is asked, and only a person can answer ({@link PolicyGate}); deny
     * rules and protected directories still refuse outright. A child never exceeds its parent on its
     * own: whatever goes beyond, the user allowed.
     */
    public Policy forChild(Grants requested) {
        Grants cap = effective().intersect(requested);
        return new Policy(root, rules, protectedDirs, analyser, new Grants(), cap);
    }

    /** A child's ceiling and its own grants, or a root's own grants (without the root and auto_allow). */
    List<Grants.PathGrant> effectiveOwn() {
        List<Grants.PathGrant> out = new ArrayList<>();
        if (ceiling != null) out.addAll(ceiling.pathGrants());
        out.addAll(grants.pathGrants());
        out.sort(java.util.Comparator.comparing(
                        (Grants.PathGrant g) -> g.subtree().toString())
                .thenComparing(g -> g.operation().name()));
        return out;
    }

    public Evaluation evaluate(PermissionRequest request) {
        if (request.paths().isEmpty()) {
            return Evaluation.deny(
                    By.RULE, request.operation().name().toLowerCase() + " names no path; nothing can be checked");
        }
        if (request.operation() == Operation.EXECUTE)
            return command(request.command(), request.paths().get(0));
        if (request.operation() == Operation.MCP) return mcp(request.command());
        List<Evaluation> parts = new ArrayList<>();
        for (Path p : request.paths()) parts.add(path(request.operation(), p, ""));
        return combine(parts);
    }

    /** One path, as a file tool or a shell argument would touch it. */
    Evaluation path(Operation op, Path given, String source) {
        Path lexical = given.isAbsolute() ? given : root.resolve(given);
        Path real;
        try {
            real = RealPaths.resolve(root, lexical);
        } catch (FileSystemLoopException e) {
            return Evaluation.deny(By.RULE, e.getMessage());
        } catch (IOException e) {
            return Evaluation.deny(By.RULE, "cannot resolve '" + given + "': " + e.getMessage());
        }
        String shown = "'" + given + "'" + (real.equals(lexical.normalize()) ? "" : " (really " + real + ")")
                + (source.isEmpty() ? "" : " [" + source + "]");
        // 1) Dispatch's own files, and git's hooks and config, whatever any rule or mode says
        for (Path dir : protectedDirs) {
            if (RealPaths.contains(dir, real) || RealPaths.contains(dir, lexical.normalize())) {
                return Evaluation.deny(
                        By.PROTECTED,
                        shown + " is inside Dispatch's own directory " + dir + "; agents may never touch it");
            }
        }
        if (op == Operation.WRITE && gitProtected(real)) {
            return Evaluation.deny(
                    By.PROTECTED,
                    shown + " is git's hooks or config; agents may never write it"
                            + " (a hook runs code on your next git command)");
        }
        // 2) deny globs beat every allow
        Optional<String> denied = rules.deniedPath(real).or(() -> rules.deniedPath(lexical.normalize()));
        if (denied.isPresent()) {
            return Evaluation.deny(
                    By.RULE, shown + " matches the deny rule '" + denied.get() + "' in permissions.deny");
        }
        // 3) a child: its ceiling and what the user granted it allow; anything else is asked of the user
        if (ceiling != null) {
            if (ceiling.covers(op, real))
                return Evaluation.allow(By.CEILING, "within the grants shared with this child agent");
            if (grants.covers(op, real))
                return Evaluation.allow(By.GRANT, shown + " is covered by a grant the user gave this child agent");
            String why = verb(op) + " " + shown + " is not among this child agent's grants"
                    + " (its parent's grants intersected with what it asked for)";
            return new Evaluation(Outcome.ASK, By.CEILING, why, List.of(new AskItem(op, real, null, null, why)));
        }
        // 4) /proc shows other processes' environment and memory: asked even where a rule allows it
        if (real.startsWith("/proc") && !PROC_HARMLESS.contains(real.toString()) && !grants.covers(op, real)) {
            return new Evaluation(
                    Outcome.ASK,
                    By.RULE,
                    verb(op) + " " + shown + " in /proc",
                    List.of(new AskItem(
                            op,
                            real,
                            null,
                            null,
                            verb(op) + " " + shown + " can expose other processes'"
                                    + " environment (secrets) and memory")));
        }
        // 5) the allowed scopes
        if (RealPaths.contains(root, real)) return Evaluation.allow(By.ROOT, "inside the project root " + root);
        if (rules.autoAllows(real)) return Evaluation.allow(By.RULE, shown + " is in permissions.auto_allow");
        if (grants.covers(op, real)) return Evaluation.allow(By.GRANT, shown + " is covered by a grant");
        return new Evaluation(
                Outcome.ASK,
                By.RULE,
                verb(op) + " " + shown + " outside the project root " + root,
                List.of(new AskItem(op, real, null, null, verb(op) + " " + shown + " is outside the project root")));
    }

    /**
     * An MCP tool: refused by an {@code mcp:} deny rule; allowed once granted for this agent (an answer of
     * session or always); otherwise asked, per tool (a child's question goes to the user like its parent's).
     */
    private Evaluation mcp(String tool) {
        Optional<String> rule = rules.deniedMcp(tool);
        if (rule.isPresent()) {
            return Evaluation.deny(
                    By.RULE,
                    "the MCP tool '" + tool + "' matches the deny rule '" + rule.get() + "' in permissions.deny");
        }
        if (grants.coversCommand(MCP_GRANT + tool, root))
            return Evaluation.allow(By.GRANT, "the MCP tool '" + tool + "' is covered by a grant");
        String why = "calling the MCP tool '" + tool + "' (a program outside Dispatch's own checks)";
        return new Evaluation(
                Outcome.ASK,
                By.RULE,
                why,
                List.of(new AskItem(Operation.MCP, root, MCP_GRANT + tool, CommandAnalysis.Concern.Kind.RISKY, why)));
    }

    /** Distinct paths of one command judged one by one at most (the rest makes it ask). */
    static final int MAX_PATHS = 2_000;

    /** How an MCP tool's grant is keyed among command grants (no shell command starts like this). */
    static final String MCP_GRANT = "\0mcp:";

    private Evaluation command(String command, Path cwdGiven) {
        Evaluation where = path(Operation.EXECUTE, cwdGiven, "working directory");
        if (where.outcome() == Outcome.DENY) return where;
        Path cwd;
        try {
            cwd = RealPaths.resolve(root, cwdGiven);
        } catch (IOException e) {
            return Evaluation.deny(
                    By.RULE, "cannot resolve the working directory '" + cwdGiven + "': " + e.getMessage());
        }
        CommandAnalysis analysis = analyser.analyse(command, cwd);
        List<Evaluation> parts = new ArrayList<>();
        parts.add(where);
        // 1) command patterns in permissions.deny, per simple command
        for (String line : analysis.commandLines()) {
            Optional<String> rule = rules.deniedCommand(line);
            if (rule.isPresent()) {
                return Evaluation.deny(
                        By.RULE, "'" + line + "' matches the deny rule '" + rule.get() + "' in permissions.deny");
            }
        }
        // 2) every path it touches, judged like a file tool's; a pattern also by what it may reach
        List<CommandAnalysis.Concern> concerns = new ArrayList<>(analysis.concerns());
        // each distinct path once; past MAX_PATHS the rest is not judged one by one: it asks (bounded time)
        java.util.Map<List<Object>, CommandAnalysis.PathUse> distinct = new java.util.LinkedHashMap<>();
        for (CommandAnalysis.PathUse use : analysis.uses()) {
            distinct.putIfAbsent(
                    java.util.Arrays.asList(use.operation(), use.path(), use.pattern(), use.implied()), use);
        }
        List<CommandAnalysis.PathUse> uses = new ArrayList<>(distinct.values());
        if (uses.size() > MAX_PATHS) {
            concerns.add(CommandAnalysis.Concern.opaque("the command names " + uses.size() + " paths; past " + MAX_PATHS
                    + " they are not judged one by one"));
            uses = uses.subList(0, MAX_PATHS);
        }
        for (CommandAnalysis.PathUse use : uses) {
            Evaluation prefix = path(use.operation(), use.path(), use.source());
            if (use.implied()) prefix = prefix.implied();
            parts.add(prefix);
            if (use.subtree()) reach(use, prefix, parts, concerns);
        }
        // 3) what the analyser could not follow asks, unless this exact command was granted here
        if (!concerns.isEmpty() && !grants.coversCommand(command, cwd)) {
            List<AskItem> items = new ArrayList<>();
            for (CommandAnalysis.Concern c : concerns) {
                items.add(new AskItem(Operation.EXECUTE, cwd, command, c.kind(), c.reason()));
            }
            parts.add(new Evaluation(Outcome.ASK, By.RULE, reasons(items), items));
        }
        return combine(parts);
    }

    private static final List<List<PathPattern.Comp>> GIT_TARGETS = List.of(
            List.of(PathPattern.Comp.ANY, PathPattern.Comp.literal(".git"), PathPattern.Comp.literal("hooks")),
            List.of(PathPattern.Comp.ANY, PathPattern.Comp.literal(".git"), PathPattern.Comp.literal("config")));

    /**
     * A glob or variable path (its prefix already judged): refused when the paths it can name
     * include a protected path or a deny glob (asked instead when a variable makes it unbounded:
     * then it is a possibility, not a match); the files it matches now are judged one by one, so a
     * matching symlink is followed.
     */
    private void reach(
            CommandAnalysis.PathUse use,
            Evaluation prefix,
            List<Evaluation> parts,
            List<CommandAnalysis.Concern> concerns) {
        PathPattern pattern = use.pattern();
        Path real;
        try {
            real = RealPaths.resolve(root, use.path());
        } catch (IOException e) {
            real = use.path().normalize();
        }
        String what = null;
        By by = By.PROTECTED;
        for (Path base : new LinkedHashSet<>(List.of(real, use.path().normalize()))) {
            List<PathPattern.Comp> comps = pattern.comps(base);
            for (Path dir : protectedDirs) {
                if (what == null && PathPattern.overlaps(comps, PathPattern.literalComps(dir), false, true)) {
                    what = "Dispatch's own directory " + dir + ", which agents may never touch";
                }
            }
            if (what == null && use.operation() == Operation.WRITE) {
                for (List<PathPattern.Comp> git : GIT_TARGETS) {
                    if (what == null && PathPattern.overlaps(comps, git, false, true)) what = "git's hooks or config";
                }
                List<PathPattern.Comp> dotGit = List.of(PathPattern.Comp.ANY, PathPattern.Comp.literal(".git"));
                if (what == null && PathPattern.overlaps(comps, dotGit, false, false)) what = "git's hooks or config";
            }
            Optional<String> rule = what == null ? rules.deniedPattern(comps) : Optional.empty();
            if (rule.isPresent()) {
                what = "a path matching the deny rule '" + rule.get() + "' in permissions.deny";
                by = By.RULE;
            }
        }
        String shown = "'" + use.source() + "' (" + Policy.verb(use.operation()) + " whatever " + use.path() + "/"
                + String.join(
                        "/",
                        pattern.rest().stream()
                                .map(r -> ShellToken.unescape(r, null))
                                .toList())
                + " expands to)";
        if (what != null) {
            if (pattern.unbounded()) {
                concerns.add(CommandAnalysis.Concern.risky(shown + " may reach " + what));
            } else {
                parts.add(Evaluation.deny(by, shown + " may reach " + what));
            }
            return;
        }
        if (prefix.outcome() != Outcome.ALLOW) return;
        List<Path> found = pattern.existingMatches(real, 256);
        if (found != null) for (Path f : found) parts.add(path(use.operation(), f, use.source()));
    }

    private static Evaluation combine(List<Evaluation> parts) {
        for (Evaluation e : parts) if (e.outcome() == Outcome.DENY) return e;
        Set<AskItem> items = new LinkedHashSet<>();
        for (Evaluation e : parts) if (e.outcome() == Outcome.ASK) items.addAll(e.items());
        if (!items.isEmpty()) {
            List<AskItem> list = List.copyOf(items);
            boolean ceilingOnly =
                    parts.stream().filter(e -> e.outcome() == Outcome.ASK).allMatch(e -> e.by() == By.CEILING);
            return new Evaluation(Outcome.ASK, ceilingOnly ? By.CEILING : By.RULE, reasons(list), list);
        }
        By by = parts.stream()
                .map(Evaluation::by)
                .filter(b -> b != By.ROOT)
                .findFirst()
                .orElse(By.ROOT);
        String reason = parts.stream()
                .filter(e -> e.by() == by)
                .map(Evaluation::reason)
                .findFirst()
                .orElse("");
        return Evaluation.allow(by, reason);
    }

    static String reasons(List<AskItem> items) {
        return String.join("; ", items.stream().map(AskItem::reason).distinct().toList());
    }

    private static boolean gitProtected(Path real) {
        // writing .git itself (cp -r hooks .git, mv x .git) may create its hooks
        if (real.getFileName() != null && real.getFileName().toString().equals(".git")) return true;
        Path prev = null;
        for (Path part : real) {
            if (prev != null
                    && prev.toString().equals(".git")
                    && (part.toString().equals("hooks") || part.toString().equals("config"))) {
                return true;
            }
            prev = part;
        }
        return false;
    }

    static String verb(Operation op) {
        return switch (op) {
            case READ -> "reading";
            case WRITE -> "writing";
            case EXECUTE -> "running in";
            case MCP -> "calling an MCP tool in";
        };
    }

    private static List<Path> realAll(List<Path> dirs) {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            Path abs = d.toAbsolutePath().normalize();
            out.add(abs);
            try {
                Path real = RealPaths.resolve(Path.of("/"), abs);
                if (!real.equals(abs)) out.add(real);
            } catch (IOException e) {
                // the lexical form still protects it
            }
        }
        return List.copyOf(out);
    }
}

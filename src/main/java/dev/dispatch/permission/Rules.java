package dev.dispatch.permission;

import dev.dispatch.config.PermissionsConfig;
import dev.dispatch.fs.RealPaths;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The configured rules: {@code permissions.auto_allow} (paths allowed like the project root) and
 * {@code permissions.deny}, which holds two kinds of entries. An entry starting with {@code /},
 * {@code ~}, {@code .} or {@code *}, or a single word containing {@code /}, is a path glob
 * ({@code ~/.ssh/**}, {@code target/**}); it denies the paths it matches and everything below them.
 * An absolute glob is used as written and {@code ~} is the home directory; a glob without {@code /}
 * ({@code .env}, {@code *.pem}) matches that name at any depth, as in {@code .gitignore}; any other
 * relative glob ({@code secrets/**}, {@code ./build}) is relative to the project root (at any depth
 * when there is none). Any other entry is a shell command pattern ({@code git push*},
 * {@code curl}); it denies a simple command whose words start with it ({@code *} matches anything).
 */
public final class Rules {
    private final List<Path> autoAllow = new CopyOnWriteArrayList<>();
    private final List<PathRule> denyPaths = new ArrayList<>();
    private final List<CommandRule> denyCommands = new ArrayList<>();
    private final List<CommandRule> denyMcp = new ArrayList<>();

    private record PathRule(String text, String glob, PathMatcher matcher) {}

    private record CommandRule(String text, Pattern pattern) {}

    /**
     * How one written rule was read, for {@code dispatch config validate} and {@code permission explain}.
     *
     * @param list the config list it is in: {@code deny} or {@code auto_allow}
     * @param kind {@code path glob} (it and everything below what it matches), {@code command pattern}
     *     (a simple command whose words start with it) or {@code path} (an auto_allow entry)
     * @param readAs the absolute glob, the pattern, or the real path it stands for
     */
    public record Reading(String list, String rule, String kind, String readAs) {
        @Override
        public String toString() {
            return "permissions." + list + " '" + rule + "' → " + kind + ": " + readAs;
        }
    }

    private final List<Reading> readings = new ArrayList<>();

    public Rules(List<Path> autoAllow, List<String> deny, Path home) {
        this(autoAllow, deny, home, null);
    }

    /** @param projectRoot what {@code ./} and {@code ../} globs are relative to (null: none are) */
    public Rules(List<Path> autoAllow, List<String> deny, Path home, Path projectRoot) {
        for (Path p : autoAllow) {
            allow(p);
            readings.add(new Reading("auto_allow", p.toString(), "path", real(p).toString()));
        }
        for (String entry : deny) {
            String e = entry.strip();
            if (e.isEmpty()) continue;
            // the explicit forms say which a rule is; without one, its shape decides (isPathRule)
            boolean path;
            if (e.startsWith(MCP_PREFIX)) {
                String tool = e.substring(MCP_PREFIX.length()).strip();
                if (tool.isEmpty()) continue;
                denyMcp.add(new CommandRule(
                        e,
                        Pattern.compile(String.join(
                                ".*",
                                java.util.Arrays.stream(tool.split("\\*", -1))
                                        .map(Pattern::quote)
                                        .toList()))));
                readings.add(new Reading("deny", e, "MCP tool pattern", tool));
                continue;
            }
            if (e.startsWith(PATH_PREFIX)) {
                e = e.substring(PATH_PREFIX.length()).strip();
                path = true;
            } else if (e.startsWith(COMMAND_PREFIX)) {
                e = e.substring(COMMAND_PREFIX.length()).strip();
                path = false;
            } else {
                path = isPathRule(e);
            }
            if (e.isEmpty()) continue;
            if (path) {
                String glob = pathGlob(e, home, projectRoot);
                denyPaths.add(new PathRule(e, glob, FileSystems.getDefault().getPathMatcher("glob:" + glob)));
                readings.add(new Reading("deny", e, "path glob", glob));
            } else {
                denyCommands.add(new CommandRule(e, commandPattern(e)));
                readings.add(new Reading("deny", e, "command pattern", e.replaceAll("\\s+", " ")));
            }
        }
    }

    public static Rules from(PermissionsConfig config, Path home, Path projectRoot) {
        return new Rules(config.autoAllow(), config.deny(), home, projectRoot);
    }

    /** Explicit forms: {@code path:secrets} is a path glob, {@code cmd:make deploy} a command pattern. */
    static final String PATH_PREFIX = "path:";

    static final String COMMAND_PREFIX = "cmd:";

    /** {@code mcp:github__*} refuses MCP tools by name ({@code *} matches any run of characters). */
    static final String MCP_PREFIX = "mcp:";

    /**
     * A rule without an explicit form is a path glob when it looks like one: it starts with {@code /},
     * {@code ~}, {@code .} or {@code *}, or is one word with a {@code /} in it; anything else is a command
     * pattern.
     */
    static boolean isPathRule(String entry) {
        return entry.startsWith("/")
                || entry.startsWith("~")
                || entry.startsWith(".")
                || entry.startsWith("*")
                || (entry.contains("/") && entry.chars().noneMatch(Character::isWhitespace));
    }

    /** The absolute glob a path rule stands for (see the class comment). */
    private static String pathGlob(String e, Path home, Path projectRoot) {
        if (e.startsWith("/")) return e;
        if (e.equals("~") || e.startsWith("~/")) return home + e.substring(1);
        if (e.startsWith("**")) return e;
        if (!e.contains("/")) return "**/" + e;
        if (projectRoot != null) return projectRoot.resolve(e).normalize().toString();
        return "**/" + (e.startsWith("./") ? e.substring(2) : e);
    }

    /** Every configured rule as it was read, in the order written (auto_allow first). */
    public List<Reading> readings() {
        return List.copyOf(readings);
    }

    /** Adds an auto-allowed path (an "always" grant takes effect at once, not after a restart). */
    void allow(Path path) {
        Path real = real(path);
        if (!autoAllow.contains(real)) autoAllow.add(real);
    }

    private static Path real(Path path) {
        try {
            return RealPaths.resolve(Path.of("/"), path.toAbsolutePath());
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    List<Path> autoAllowed() {
        return List.copyOf(autoAllow);
    }

    boolean autoAllows(Path real) {
        return autoAllow.stream().anyMatch(a -> RealPaths.contains(a, real));
    }

    /** The deny glob matching {@code path} or one of its ancestors. */
    Optional<String> deniedPath(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            for (PathRule r : denyPaths) {
                if (r.matcher.matches(p)) return Optional.of(r.text);
            }
        }
        return Optional.empty();
    }

    /** The deny glob that could match one of the paths a shell pattern names (or one of their ancestors). */
    Optional<String> deniedPattern(List<PathPattern.Comp> comps) {
        for (PathRule r : denyPaths) {
            if (PathPattern.overlaps(comps, PathPattern.globComps(r.glob), false, true)) return Optional.of(r.text);
        }
        return Optional.empty();
    }

    /** The {@code mcp:} rule refusing the MCP tool {@code tool}. */
    Optional<String> deniedMcp(String tool) {
        for (CommandRule r : denyMcp) {
            if (r.pattern.matcher(tool).matches()) return Optional.of(r.text);
        }
        return Optional.empty();
    }

    /** The command pattern matching one simple command's words. */
    Optional<String> deniedCommand(String commandLine) {
        String line = commandLine.strip().replaceAll("\\s+", " ");
        for (CommandRule r : denyCommands) {
            if (r.pattern.matcher(line).matches()) return Optional.of(r.text);
        }
        return Optional.empty();
    }

    private static Pattern commandPattern(String rule) {
        StringBuilder re = new StringBuilder();
        for (String part : rule.replaceAll("\\s+", " ").split("\\*", -1)) {
            if (!re.isEmpty()) re.append(".*");
            re.append(Pattern.quote(part));
        }
        // a pattern names a command and its leading words: 'git push' also matches 'git push origin'
        return Pattern.compile(re + "(?: .*)?", Pattern.DOTALL);
    }
}

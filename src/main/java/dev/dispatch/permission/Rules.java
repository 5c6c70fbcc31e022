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
 * relative glob ({@code secrets/**}, {@code ./build}) is relative to the folder of the
 * {@code dispatch.yaml} that declared it, never to where an agent runs (a user-level rule's matches
 * at any depth). Any other entry is a shell command pattern ({@code git push*}, {@code curl}); it denies a simple command whose words start with it ({@code *} matches anything).
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

    /** @param projectRoot what relative globs are relative to (null: they match at any depth) */
    public Rules(List<Path> autoAllow, List<String> deny, Path home, Path projectRoot) {
        this(
                home,
                autoAllow,
                deny.stream()
                        .map(r -> new PermissionsConfig.DenyRule(r, projectRoot))
                        .toList());
    }

    private Rules(Path home, List<Path> autoAllow, List<PermissionsConfig.DenyRule> deny) {
        for (Path p : autoAllow) {
            allow(p);
            readings.add(new Reading("auto_allow", p.toString(), "path", real(p).toString()));
        }
        for (PermissionsConfig.DenyRule rule : deny) {
            String e = rule.rule().strip();
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
                String written = pathGlob(e, home, rule.dir());
                // 'dir/**' also names dir itself: writing into it (cp x dir/, rm -r dir) or listing it
                String glob = written.endsWith("/**") && written.length() > 3 && !written.endsWith("**/**")
                        ? written.substring(0, written.length() - 3)
                        : written;
                denyPaths.add(new PathRule(e, glob, FileSystems.getDefault().getPathMatcher("glob:" + glob)));
                readings.add(new Reading("deny", e, "path glob", written));
            } else {
                denyCommands.add(new CommandRule(e, commandPattern(e)));
                readings.add(new Reading("deny", e, "command pattern", e.replaceAll("\\s+", " ")));
            }
        }
    }

    /**
     * The rules of a merged config: a relative deny glob is relative to the folder of the
     * {@code dispatch.yaml} that declared it (whatever directory an agent runs in); one from the user
     * config, the environment or a flag matches at any depth.
     */
    public static Rules from(PermissionsConfig config, Path home) {
        return new Rules(home, config.autoAllow(), config.denyRules());
    }

    /**
     * How one written rule reads where it is declared: {@code list} deny or auto_allow, {@code dir} the
     * folder of the project file holding it (null: a user-level rule), for {@code dispatch permission list}.
     */
    public static Reading reading(String list, String rule, Path home, Path dir) {
        if (list.equals("auto_allow")) {
            Path p = rule.equals("~") || rule.startsWith("~/")
                    ? Path.of(home + rule.substring(1))
                    : dir == null ? Path.of(rule) : dir.resolve(rule);
            return new Reading(list, rule, "path", real(p).toString());
        }
        List<Reading> r = new Rules(home, List.of(), List.of(new PermissionsConfig.DenyRule(rule, dir))).readings;
        return r.isEmpty() ? new Reading(list, rule, "empty", "") : r.get(0);
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
    private static String pathGlob(String e, Path home, Path base) {
        if (e.startsWith("/")) return e;
        if (e.equals("~") || e.startsWith("~/")) return anchored(home, e.substring(1));
        if (e.startsWith("**")) return e;
        if (!e.contains("/")) return "**/" + e;
        if (base != null) return anchored(base, "/" + e);
        return "**/" + (e.startsWith("./") ? e.substring(2) : e);
    }

    /**
     * {@code rest} (starting with {@code /}) below {@code dir}: its leading {@code .} and {@code ..}
     * applied to the directory, whose name is then quoted so that its {@code [}, {@code *} or {@code {}
     * are literal; the rest stays a glob.
     */
    private static String anchored(Path dir, String rest) {
        Path d = dir;
        String r = rest;
        while (true) {
            if (r.startsWith("/./") || r.equals("/.")) {
                r = r.substring(2);
            } else if (r.startsWith("/../") || r.equals("/..")) {
                d = d.getParent() == null ? d : d.getParent();
                r = r.substring(3);
            } else if (r.startsWith("//")) {
                r = r.substring(1);
            } else {
                break;
            }
        }
        String quoted = globQuote(d.normalize().toString());
        return r.isEmpty() || r.equals("/") ? quoted : (quoted.equals("/") ? "" : quoted) + r;
    }

    /** A directory's name as a glob that matches only it ({@code [}, {@code *}, … in it are literal). */
    static String globQuote(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if ("\\*?[]{}".indexOf(c) >= 0) out.append('\\');
            out.append(c);
        }
        return out.toString();
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

    /**
     * The existing files and directories below (or holding) {@code roots} that a deny glob names, for
     * the sandbox to cover: a glob with a fixed directory ({@code /repo/secrets}) directly; one that
     * matches at any depth ({@code **}{@code /.env}) by walking the roots, without following links, at
     * most {@code budget} entries (what lies beyond is left to the policy's check).
     */
    List<Path> deniedExisting(java.util.Collection<Path> roots, int budget) {
        java.util.Set<Path> out = new java.util.LinkedHashSet<>();
        List<PathMatcher> walk = new ArrayList<>();
        for (PathRule r : denyPaths) {
            List<PathPattern.Comp> comps = PathPattern.globComps(r.glob);
            int fixed = 0;
            while (fixed < comps.size() && comps.get(fixed).literal() != null) fixed++;
            boolean direct = r.glob.startsWith("/")
                    && comps.subList(fixed, comps.size()).stream().allMatch(PathPattern.Comp::any);
            if (!direct) {
                walk.add(r.matcher);
                continue;
            }
            Path p = Path.of("/");
            for (PathPattern.Comp c : comps.subList(0, fixed)) p = p.resolve(c.literal());
            Path target = p;
            if (java.nio.file.Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && roots.stream().anyMatch(root -> target.startsWith(root) || root.startsWith(target))) {
                out.add(target);
            }
        }
        if (!walk.isEmpty()) {
            int[] left = {budget};
            for (Path root : roots) {
                if (left[0] <= 0 || !java.nio.file.Files.isDirectory(root)) continue;
                try {
                    java.nio.file.Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult preVisitDirectory(
                                Path dir, java.nio.file.attribute.BasicFileAttributes a) {
                            return visit(dir, true);
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFile(
                                Path file, java.nio.file.attribute.BasicFileAttributes a) {
                            return visit(file, false);
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        private java.nio.file.FileVisitResult visit(Path p, boolean dir) {
                            if (--left[0] <= 0) return java.nio.file.FileVisitResult.TERMINATE;
                            if (walk.stream().anyMatch(m -> m.matches(p))) {
                                out.add(p);
                                return dir
                                        ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                                        : java.nio.file.FileVisitResult.CONTINUE;
                            }
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                    });
                } catch (IOException e) {
                    // what could not be walked is left to the policy
                }
            }
        }
        return List.copyOf(out);
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

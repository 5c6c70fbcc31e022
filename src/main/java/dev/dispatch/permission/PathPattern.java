package dev.dispatch.permission;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A path the analyser cannot name exactly: a fixed {@code prefix} (the directory before the first
 * component with a glob or a variable) and the components after it, as shell patterns. It stands for
 * every path it could expand to, so the policy can ask whether a protected directory or a deny glob
 * could be among them ({@link #overlaps}). Matching errs towards "could": globs match case-insensitively
 * and match leading dots ({@code nocaseglob}, {@code dotglob}), a {@code [class]} matches any character,
 * and a variable or {@code **} matches any number of components.
 *
 * @param rest pattern components in {@link ShellToken#pattern} form (a quoted character carries a backslash)
 */
record PathPattern(Path prefix, List<String> rest, boolean dotglob) {
    PathPattern {
        rest = List.copyOf(rest);
    }

    /**
     * One component: any number of components ({@code any}), or one name matching {@code regex};
     * {@code noDot}: a bash glob starting with a wildcard, which never matches a leading dot (unless
     * the command turns {@code dotglob} on).
     */
    record Comp(boolean any, String literal, Pattern regex, String head, String tail, boolean noDot) {
        static final Comp ANY = new Comp(true, null, null, "", "", false);

        static Comp literal(String name) {
            return new Comp(false, name, null, name, name, false);
        }

        boolean mayEqual(Comp o) {
            if (literal != null && o.literal != null) return literal.equals(o.literal);
            if ((noDot && o.head.startsWith(".")) || (o.noDot && head.startsWith("."))) return false;
            if (literal != null) return o.regex.matcher(literal).matches();
            if (o.literal != null) return regex.matcher(o.literal).matches();
            String a = head.toLowerCase(Locale.ROOT);
            String b = o.head.toLowerCase(Locale.ROOT);
            String x = tail.toLowerCase(Locale.ROOT);
            String y = o.tail.toLowerCase(Locale.ROOT);
            return (a.startsWith(b) || b.startsWith(a)) && (x.endsWith(y) || y.endsWith(x));
        }
    }

    /** Whether a variable or {@code **} makes the pattern reach any depth. */
    boolean unbounded() {
        return rest.stream().map(r -> shellComp(r, true)).anyMatch(Comp::any);
    }

    /** The prefix (taken as {@code base}) followed by the pattern's components. */
    List<Comp> comps(Path base) {
        List<Comp> out = literalComps(base);
        for (String r : rest) out.add(shellComp(r, dotglob));
        return out;
    }

    static List<Comp> literalComps(Path path) {
        List<Comp> out = new ArrayList<>();
        for (Path p : path.normalize()) out.add(Comp.literal(p.toString()));
        return out;
    }

    /** A bash pattern component. */
    static Comp shellComp(String c, boolean dotglob) {
        if (c.indexOf(ShellToken.UNKNOWN) >= 0 || c.contains("**")) return Comp.ANY;
        if (!ShellToken.hasActiveGlob(c)) return Comp.literal(ShellToken.unescape(c, null));
        StringBuilder re = new StringBuilder();
        StringBuilder head = new StringBuilder();
        StringBuilder tail = new StringBuilder();
        boolean wild = false;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            String lit = null;
            if (ch == '\\' && i + 1 < c.length()) {
                lit = String.valueOf(c.charAt(++i));
            } else if (ch == '*') {
                re.append(".*");
            } else if (ch == '?') {
                re.append('.');
            } else if (ch == '[' && classEnd(c, i) > 0) {
                re.append('.');
                i = classEnd(c, i);
            } else {
                lit = String.valueOf(ch);
            }
            if (lit == null) {
                wild = true;
                tail.setLength(0);
            } else {
                re.append(Pattern.quote(lit));
                if (!wild) head.append(lit);
                tail.append(lit);
            }
        }
        boolean noDot = !dotglob && (c.startsWith("*") || c.startsWith("?") || c.startsWith("["));
        return new Comp(
                false,
                null,
                Pattern.compile((noDot ? "(?!\\.)" : "") + re, Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
                head.toString(),
                tail.toString(),
                noDot);
    }

    /** Index of the {@code ]} closing the bracket expression at {@code open}, or -1 (then {@code [} is literal). */
    static int classEnd(String c, int open) {
        int i = open + 1;
        if (i < c.length() && (c.charAt(i) == '!' || c.charAt(i) == '^')) i++;
        if (i < c.length() && c.charAt(i) == ']') i++;
        for (; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '[' && i + 1 < c.length() && ":.=".indexOf(c.charAt(i + 1)) >= 0) {
                int end = c.indexOf(c.charAt(i + 1) + "]", i + 2);
                if (end < 0) return -1;
                i = end + 1;
            } else if (ch == ']') {
                return i;
            }
        }
        return -1;
    }

    /** A Java glob (a permissions.deny path rule) as components; {@code **} anywhere spans components. */
    static List<Comp> globComps(String glob) {
        List<Comp> out = new ArrayList<>();
        for (String c : glob.split("/")) {
            if (c.isEmpty()) continue;
            if (c.contains("**")) {
                out.add(Comp.ANY);
                continue;
            }
            StringBuilder re = new StringBuilder();
            StringBuilder head = new StringBuilder();
            StringBuilder tail = new StringBuilder();
            boolean wild = false;
            for (int i = 0; i < c.length(); i++) {
                char ch = c.charAt(i);
                String lit = null;
                if (ch == '\\' && i + 1 < c.length()) {
                    lit = String.valueOf(c.charAt(++i));
                } else if (ch == '*' || ch == '{') {
                    re.append(".*");
                    if (ch == '{') i = Math.max(i, c.indexOf('}', i) < 0 ? c.length() : c.indexOf('}', i));
                } else if (ch == '?') {
                    re.append('.');
                } else if (ch == '[') {
                    re.append('.');
                    int end = c.indexOf(']', i + 2);
                    i = end < 0 ? c.length() : end;
                } else {
                    lit = String.valueOf(ch);
                }
                if (lit == null) {
                    wild = true;
                    tail.setLength(0);
                } else {
                    re.append(Pattern.quote(lit));
                    if (!wild) head.append(lit);
                    tail.append(lit);
                }
            }
            out.add(
                    wild
                            ? new Comp(
                                    false,
                                    null,
                                    Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
                                    head.toString(),
                                    tail.toString(),
                                    false)
                            : Comp.literal(c));
        }
        return out;
    }

    /**
     * Whether some path {@code a} stands for and some path {@code b} stands for can be the same; with
     * {@code aAbove}, also when the {@code a} path is an ancestor of a {@code b} path, and with
     * {@code bAbove}, when the {@code b} path is an ancestor of an {@code a} path.
     */
    static boolean overlaps(List<Comp> a, List<Comp> b, boolean aAbove, boolean bAbove) {
        return new Object() {
            final Boolean[][] memo = new Boolean[a.size() + 1][b.size() + 1];

            boolean go(int i, int j) {
                if (memo[i][j] != null) return memo[i][j];
                boolean r;
                if (i == a.size() && j == b.size()) r = true;
                else if (i == a.size())
                    r = aAbove || b.subList(j, b.size()).stream().allMatch(Comp::any);
                else if (j == b.size())
                    r = bAbove || a.subList(i, a.size()).stream().allMatch(Comp::any);
                else if (a.get(i).any()) r = go(i + 1, j) || go(i, j + 1);
                else if (b.get(j).any()) r = go(i, j + 1) || go(i + 1, j);
                else r = a.get(i).mayEqual(b.get(j)) && go(i + 1, j + 1);
                memo[i][j] = r;
                return r;
            }
        }.go(0, 0);
    }

    /**
     * The files that exist now and match (below {@code realPrefix}), at most {@code limit}; null when
     * there are more or the pattern is unbounded. Each is judged like a named path, so a match that
     * is a symlink is followed.
     */
    List<Path> existingMatches(Path realPrefix, int limit) {
        if (unbounded()) return null;
        List<Path> level = List.of(realPrefix);
        for (String r : rest) {
            Comp c = shellComp(r, dotglob);
            List<Path> next = new ArrayList<>();
            for (Path dir : level) {
                if (c.literal() != null) {
                    next.add(dir.resolve(c.literal()));
                    continue;
                }
                if (!Files.isDirectory(dir)) continue;
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                    for (Path p : s) {
                        if (c.regex().matcher(p.getFileName().toString()).matches()) next.add(p);
                        if (next.size() > limit) return null;
                    }
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            }
            level = next;
        }
        return level;
    }
}

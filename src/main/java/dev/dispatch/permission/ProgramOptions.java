package dev.dispatch.permission;

import dev.dispatch.permission.CommandAnalysis.Concern;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Option values are paths too. {@code -o/tmp/x}, {@code --output=/tmp/x}, {@code -C/dir},
 * {@code -Wl,-rpath,/x}, {@code -javaagent:/x.jar}: a value attached to its option is judged as a
 * path with the most dangerous operation the program could use it for (a write, unless the program
 * only reads and the option is not an output one). Values given as the next word are operands and are
 * judged with the program's operands. Options known to run another command ({@code tar
 * --to-command}, {@code rsync -e}, {@code ssh -o ProxyCommand=}, {@code rg --pre}…) are concerns.
 */
final class ProgramOptions {
    /** Programs whose short options never cluster: {@code -Isrc/x} is {@code -I} with {@code src/x}. */
    private static final Set<String> NO_CLUSTER = Set.of(
            "gcc", "g++", "cc", "c++", "clang", "clang++", "ld", "cpp", "javac", "java", "kotlinc", "scalac", "rustc",
            "go", "swiftc", "nvcc", "as", "mvn", "gradle", "gradlew", "mvnw", "ant", "sbt");

    private static final Pattern OUTPUT =
            Pattern.compile("-o|-O|-T|--(out|output|log|save|dump|write|temporary|tmp|temp|"
                    + "target|dest|backup|install|prefix|root|cache|directory|chdir|home|work)[a-z-]*");
    private static final Pattern PATH_NAME =
            Pattern.compile("(?i)--?[a-z0-9-]*(file|dir|path|output|out|log|config|root|"
                    + "prefix|dest|target|cache|home|include|key|cert|socket|input|save|dump|tmp|temp|script|exec|template|"
                    + "agent|plugin|library|lib|load|data|upload|post)[a-z0-9-]*");
    /** Separate-word option values that a reading program writes. */
    private static final Map<String, Set<String>> READER_WRITES = Map.of(
            "sort",
            Set.of("-o", "-T", "--output", "--temporary-directory"),
            "tree",
            Set.of("-o"),
            "less",
            Set.of("-o", "-O", "--log-file", "--LOG-FILE"));

    private static final Pattern RUNS = Pattern.compile("--to-command.*|--use-compress-program.*|--checkpoint-action.*|"
            + "--info-script.*|--new-volume-script.*|--rsh-command.*|--rsh.*|--rsync-path.*|--unzip-command.*|--pre(=.*)?|"
            + "--config(=.*)?|--execute.*|--exec.*|--command.*|--pager.*|--cmd.*|.*(?i:proxycommand|localcommand|"
            + "knownhostscommand|proxyjump).*");
    private static final Map<String, Set<String>> RUNS_SHORT = Map.of(
            "tar",
            Set.of("-I", "-F"),
            "rsync",
            Set.of("-e"),
            "scp",
            Set.of("-S", "-F"),
            "ssh",
            Set.of("-F"),
            "sftp",
            Set.of("-S", "-F"),
            "zip",
            Set.of("-TT"),
            "curl",
            Set.of("-K"),
            "wget",
            Set.of("-e"),
            "man",
            Set.of("-P", "-H"),
            "vim",
            Set.of("-c", "-S"));

    private ProgramOptions() {}

    private static Operation op(String name, String key, Operation def) {
        return def == Operation.READ && !OUTPUT.matcher(key).matches() ? Operation.READ : Operation.WRITE;
    }

    static boolean pathish(ShellToken v) {
        String t = v.text();
        return !t.isEmpty()
                && (t.contains("/")
                        || t.startsWith("~")
                        || t.startsWith(".")
                        || ShellWords.active(v.pattern())
                        || FileUrls.isFileUrl(t));
    }

    /** Values attached to options, before {@code --}. */
    static void attached(String name, List<ShellToken> args, CommandAnalyser.Sink sink, Operation def) {
        for (ShellToken tok : args) {
            String t = tok.text();
            if (t.equals("--")) return;
            if (!t.startsWith("-") || t.equals("-")) continue;
            int eq = t.indexOf('=');
            String source = name + " " + t;
            if (eq > 0) {
                ShellToken v = tok.drop(eq + 1);
                String key = t.substring(0, eq);
                if (pathish(v) || PATH_NAME.matcher(key).matches()) value(op(name, key, def), v, source, sink);
            } else if (!t.startsWith("--") && t.length() > 2) {
                ShellToken v = tok.drop(2);
                String key = t.substring(0, 2);
                if (pathish(v) || v.text().startsWith("@")) value(op(name, key, def), v, source, sink);
                int slash = firstOf(t, "/~");
                if (slash > 2
                        && !NO_CLUSTER.contains(name)
                        && t.substring(1, slash).matches("[A-Za-z]+")) {
                    value(op(name, "-" + t.charAt(slash - 1), def), tok.drop(slash), source, sink);
                }
            }
            if (tok.expands() || ShellToken.hasActiveGlob(tok.pattern())) continue;
            // -Wl,-rpath,/x  -javaagent:/x.jar  --classpath=a:/b
            String[] parts = t.split("[,=:]");
            for (int i = 1; i < parts.length; i++) {
                String s = parts[i];
                if (s.startsWith("/") || s.startsWith("~/") || s.startsWith("..")) {
                    value(
                            op(name, t.substring(0, Math.min(t.length(), 2)), def),
                            ShellToken.fromPattern(ShellToken.escape(s), tok),
                            source,
                            sink);
                }
            }
        }
    }

    private static void value(Operation op, ShellToken v, String source, CommandAnalyser.Sink sink) {
        if (v.text().startsWith("@") || v.text().startsWith("<")) sink.word(Operation.READ, v.drop(1), source);
        sink.word(op, v, source);
        if (op == Operation.WRITE) sink.word(Operation.READ, v, source);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    /** Options that make the program run another command. */
    static void runsCommands(String name, List<ShellToken> args, CommandAnalyser.Sink sink) {
        Set<String> shorts = RUNS_SHORT.getOrDefault(name, Set.of());
        boolean checkLong = Set.of(
                        "tar", "rsync", "scp", "ssh", "sftp", "zip", "curl", "wget", "rg", "man", "vim", "vi", "nvim",
                        "ex", "git", "less", "fd")
                .contains(name);
        for (ShellToken a : args) {
            String t = a.text();
            boolean runs = shorts.stream().anyMatch(s -> t.startsWith(s))
                    || (checkLong && RUNS.matcher(t).matches())
                    || ((name.equals("vim") || name.equals("vi") || name.equals("nvim") || name.equals("ex"))
                            && (t.startsWith("+") || t.equals("--cmd")))
                    || ((name.equals("less") || name.equals("more")) && t.startsWith("+"))
                    || (name.equals("ssh") || name.equals("scp") || name.equals("sftp"))
                            && t.toLowerCase(java.util.Locale.ROOT)
                                    .matches(".*(proxycommand|localcommand|knownhostscommand).*");
            if (runs)
                sink.concern(Concern.opaque("'" + name + " " + t + "' runs another command or reads a config the"
                        + " analyser does not see"));
        }
    }

    /** A reading program's arguments. */
    static void reads(String name, List<ShellToken> args, CommandAnalyser.Sink sink) {
        Set<String> writes = READER_WRITES.getOrDefault(name, Set.of());
        boolean any = false;
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (options && t.equals("--")) {
                options = false;
            } else if (options && writes.contains(t) && i + 1 < args.size()) {
                sink.word(Operation.WRITE, args.get(++i), name + " " + t);
                any = true;
            } else if ((!options || !t.startsWith("-")) && !t.equals("-")) {
                sink.word(Operation.READ, args.get(i), name);
                any = true;
            }
        }
        if (!any) sink.cwd(Operation.READ, name);
    }

    /** One operand of a writing or unknown program: {@code @file} uploads, {@code NAME=/path} settings. */
    static void operand(String name, ShellToken w, Operation op, CommandAnalyser.Sink sink) {
        String t = w.text();
        if (t.startsWith("@") && t.length() > 1) sink.word(Operation.READ, w.drop(1), name + " " + t);
        int eq = t.indexOf('=');
        if (eq > 0) {
            ShellToken v = w.drop(eq + 1);
            if (v.text().startsWith("@") || v.text().startsWith("<"))
                sink.word(Operation.READ, v.drop(1), name + " " + t);
            else if (pathish(v)) value(op, v, name + " " + t, sink);
        }
        sink.word(op, w, name + " " + t);
    }
}

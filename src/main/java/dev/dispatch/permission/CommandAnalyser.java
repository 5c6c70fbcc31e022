package dev.dispatch.permission;

import dev.dispatch.permission.CommandAnalysis.Concern;
import dev.dispatch.permission.CommandAnalysis.PathUse;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Works out what a shell command line would touch: parses it ({@link ShellParser}), follows the
 * working directory through {@code cd} (not past a pipeline or subshell), resolves every path
 * argument and redirect target against it, and lets {@link CommandCatalog} say which arguments are
 * read, written or executed. Anything it cannot follow becomes a {@link Concern} instead of a guess.
 */
final class CommandAnalyser {
    /** Device files commands use for plumbing; reading or writing them touches nothing. */
    private static final Set<String> DEVICES = Set.of(
            "/dev/null",
            "/dev/zero",
            "/dev/stdin",
            "/dev/stdout",
            "/dev/stderr",
            "/dev/tty",
            "/dev/random",
            "/dev/urandom");

    private final Path home;

    /** @param home what {@code ~} means to the shell the command runs in */
    CommandAnalyser(Path home) {
        this.home = home;
    }

    CommandAnalysis analyse(String command, Path cwd) {
        List<PathUse> uses = new ArrayList<>();
        List<Concern> concerns = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        ShellParser.Parsed parsed;
        try {
            parsed = ShellParser.parse(command);
        } catch (ShellSyntaxException e) {
            return new CommandAnalysis(
                    List.of(),
                    List.of(Concern.opaque("cannot parse the command: " + e.getMessage())),
                    List.of(command.strip()));
        }
        parsed.concerns().forEach(c -> concerns.add(Concern.opaque(c)));
        // the cwd at each subshell depth; a deeper level starts from its parent's
        List<Path> byDepth = new ArrayList<>();
        byDepth.add(cwd);
        for (ShellParser.Simple s : parsed.commands()) {
            while (byDepth.size() > s.depth() + 1) byDepth.remove(byDepth.size() - 1);
            while (byDepth.size() < s.depth() + 1) byDepth.add(byDepth.get(byDepth.size() - 1));
            Sink sink = new Sink(byDepth.get(s.depth()), uses, concerns);
            Path after = simple(s, sink, lines);
            if (!s.piped()) byDepth.set(s.depth(), after);
        }
        return new CommandAnalysis(uses, concerns, lines);
    }

    /** Judges one simple command; returns the cwd after it (changed only by {@code cd}). */
    private Path simple(ShellParser.Simple s, Sink sink, List<String> lines) {
        // 1) prefixes, substitutions and redirects, whatever the command is
        for (ShellToken a : s.assignments()) sink.assignment(a);
        for (ShellToken w : s.words()) {
            if (w.substitution()) sink.concern(Concern.opaque("'" + w.text() + "' runs a command substitution"));
        }
        for (ShellParser.Redirect r : s.redirects()) redirect(r, sink);
        if (s.words().isEmpty()) return sink.cwd;
        // 2) strip wrappers (env, timeout, sudo…) down to the program that really runs
        List<ShellToken> argv = CommandCatalog.unwrap(s.words(), sink);
        lines.add(s.words().stream().map(ShellToken::text).collect(Collectors.joining(" ")));
        if (argv.isEmpty()) return sink.cwd;
        if (argv.size() != s.words().size())
            lines.add(argv.stream().map(ShellToken::text).collect(Collectors.joining(" ")));
        String program = argv.get(0).text();
        String name = program.substring(program.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (program.contains("/") && !argv.get(0).expands())
            sink.word(Operation.EXECUTE, argv.get(0), "program " + program);
        if (argv.get(0).expands())
            sink.concern(Concern.opaque("the program name '" + program + "' depends on a variable"));
        // 3) cd changes where later relative paths land
        if (name.equals("cd") || name.equals("pushd") || name.equals("popd")) return cd(name, argv, sink);
        CommandCatalog.judge(name, argv.subList(1, argv.size()), sink);
        return sink.cwd;
    }

    private Path cd(String name, List<ShellToken> argv, Sink sink) {
        List<ShellToken> args = argv.subList(1, argv.size()).stream()
                .filter(t -> !t.text().equals("-P")
                        && !t.text().equals("-L")
                        && !t.text().equals("--"))
                .toList();
        if (name.equals("popd")
                || args.size() > 1
                || (!args.isEmpty() && args.get(0).text().equals("-"))) {
            sink.concern(Concern.opaque("cannot tell the directory '"
                    + String.join(" ", argv.stream().map(ShellToken::text).toList()) + "' moves to"));
            return null;
        }
        if (args.isEmpty()) return home;
        Path target = sink.resolve(args.get(0), "cd");
        if (target != null) sink.use(Operation.READ, target, "cd " + args.get(0).text());
        return target;
    }

    private void redirect(ShellParser.Redirect r, Sink sink) {
        String op = r.op().replaceAll("^[0-9]+", "");
        ShellToken target = r.target();
        if (op.equals("<<") || op.equals("<<-")) {
            if (target.substitution()) sink.concern(Concern.opaque("the here-document runs a command substitution"));
            return;
        }
        if (target.substitution())
            sink.concern(Concern.opaque("redirect target '" + target.text() + "' runs a command substitution"));
        if (op.equals("<<<")) return;
        boolean dup = (op.equals(">&") || op.equals("<&")) && target.text().matches("[0-9]+-?|-");
        if (dup) return;
        Operation operation = op.equals("<") || op.equals("<&") ? Operation.READ : Operation.WRITE;
        sink.word(operation, target, "redirect " + r.op() + " " + target.text());
    }

    /** Collects uses and concerns for one simple command, resolving words against its cwd. */
    final class Sink {
        Path cwd;
        private final List<PathUse> uses;
        private final List<Concern> concerns;

        Sink(Path cwd, List<PathUse> uses, List<Concern> concerns) {
            this.cwd = cwd;
            this.uses = uses;
            this.concerns = concerns;
        }

        void concern(Concern c) {
            if (!concerns.contains(c)) concerns.add(c);
        }

        void use(Operation op, Path path, String source) {
            if (DEVICES.contains(path.toString()) || path.startsWith("/dev/fd") || path.startsWith("/proc/self/fd"))
                return;
            uses.add(new PathUse(op, path, source));
        }

        /** A word naming a path: resolved and recorded, or a concern when its value is unknowable. */
        void word(Operation op, ShellToken word, String source) {
            Path p = resolve(word, source);
            if (p != null) use(op, p, source);
        }

        /** The working directory itself, touched by a command that works in it. */
        void cwd(Operation op, String source) {
            if (cwd == null) concern(Concern.opaque(source + " runs in a directory the analyser cannot tell"));
            else use(op, cwd, source + " (working directory)");
        }

        void assignment(ShellToken a) {
            String name = a.text().substring(0, a.text().indexOf('=')).replace("+", "");
            if (a.substitution()) concern(Concern.opaque("'" + a.text() + "' runs a command substitution"));
            if (CommandCatalog.dangerousVariable(name)) {
                concern(Concern.risky("setting " + name + " changes how programs load code or run"));
            }
        }

        Path resolve(ShellToken word, String source) {
            String text = word.text();
            if (word.expands()) {
                concern(Concern.opaque("'" + text + "' (" + source + ") depends on a variable's value"));
                return null;
            }
            if (word.glob()) {
                int first = firstGlob(text);
                text = text.substring(0, text.lastIndexOf('/', first) + 1);
                if (text.isEmpty()) text = ".";
            }
            if (text.equals("~") || text.startsWith("~/")) {
                text = home + text.substring(1);
            } else if (text.startsWith("~")) {
                concern(Concern.opaque("'" + text + "' names another user's home directory"));
                return null;
            }
            try {
                Path p = Path.of(text);
                if (p.isAbsolute()) return p;
                if (cwd == null) {
                    concern(Concern.opaque("'" + text + "' is relative to a directory the analyser cannot tell"));
                    return null;
                }
                return cwd.resolve(p);
            } catch (InvalidPathException e) {
                concern(Concern.opaque("'" + text + "' is not a valid path"));
                return null;
            }
        }

        private static int firstGlob(String text) {
            int best = text.length();
            for (char c : new char[] {'*', '?', '['}) {
                int i = text.indexOf(c);
                if (i >= 0 && i < best) best = i;
            }
            return best;
        }
    }
}

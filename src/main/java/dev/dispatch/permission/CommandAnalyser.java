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
 * working directory through {@code cd} (not past a pipeline or subshell), brace-expands every word,
 * resolves every path argument and redirect target against the cwd, and lets {@link Wrappers} and
 * {@link CommandCatalog} say which program really runs and which arguments it reads, writes or
 * executes. It fails closed: a word with a glob or a variable becomes a {@link PathPattern} (anything
 * below its fixed prefix that the pattern can name); anything it cannot follow becomes a
 * {@link Concern} instead of a guess; no path prefix is exempt from checking.
 */
final class CommandAnalyser {
    /** How a use of the working directory a program is assumed to touch is labelled ({@link CommandAnalysis.PathUse#implied}). */
    static final String WORKING_DIRECTORY = " (working directory)";

    /** Characters of a command line the analyser reads at most; a longer one asks (bounded time). */
    static final int MAX_COMMAND = 64 * 1024;

    /** Device files commands use for plumbing; reading or writing them touches nothing. Exact names only. */
    private static final Set<String> DEVICES = Set.of(
            "/dev/null",
            "/dev/zero",
            "/dev/stdin",
            "/dev/stdout",
            "/dev/stderr",
            "/dev/tty",
            "/dev/random",
            "/dev/urandom",
            "/dev/full");
    /** Inherited file descriptors: exactly {@code /dev/fd/N} and the like, nothing after N. */
    private static final java.util.regex.Pattern FD =
            java.util.regex.Pattern.compile("/(dev/fd|proc/self/fd|proc/thread-self/fd)/[0-9]+");
    /** /proc files that show nothing about other processes. */
    private static final Set<String> HARMLESS_PROC = Set.of(
            "/proc/cpuinfo",
            "/proc/meminfo",
            "/proc/version",
            "/proc/loadavg",
            "/proc/uptime",
            "/proc/stat",
            "/proc/self/status",
            "/proc/filesystems",
            "/proc/swaps");

    private final Path home;

    /** @param home what {@code ~} means to the shell the command runs in */
    CommandAnalyser(Path home) {
        this.home = home;
    }

    CommandAnalysis analyse(String command, Path cwd) {
        List<PathUse> uses = new ArrayList<>();
        List<Concern> concerns = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<CommandAnalysis.Remote> remotes = new ArrayList<>();
        ShellParser.Parsed parsed;
        if (command.length() > MAX_COMMAND) {
            return new CommandAnalysis(
                    List.of(),
                    List.of(Concern.opaque("the command is " + command.length() + " characters long; commands over "
                            + MAX_COMMAND + " are not analysed (write a script file and run it)")),
                    List.of(command.substring(0, 200).strip()));
        }
        try {
            parsed = ShellParser.parse(command);
        } catch (ShellSyntaxException e) {
            return new CommandAnalysis(
                    List.of(),
                    List.of(Concern.opaque("cannot parse the command: " + e.getMessage())),
                    List.of(command.strip()));
        }
        parsed.concerns().forEach(c -> concerns.add(Concern.opaque(c)));
        // globs match dot files once the command turns dotglob on (or sets GLOBIGNORE)
        boolean dotglob = command.contains("dotglob") || command.contains("GLOBIGNORE");
        // the cwd at each subshell depth; a deeper level starts from its parent's
        List<Path> byDepth = new ArrayList<>();
        byDepth.add(cwd);
        for (ShellParser.Simple s : parsed.commands()) {
            while (byDepth.size() > s.depth() + 1) byDepth.remove(byDepth.size() - 1);
            while (byDepth.size() < s.depth() + 1) byDepth.add(byDepth.get(byDepth.size() - 1));
            Sink sink = new Sink(byDepth.get(s.depth()), uses, concerns, lines, dotglob);
            sink.remotes = remotes;
            Path after = simple(s, sink);
            if (!s.piped()) byDepth.set(s.depth(), after);
        }
        return new CommandAnalysis(uses, concerns, lines, remotes);
    }

    /** Judges one simple command; returns the cwd after it (changed only by {@code cd}). */
    private Path simple(ShellParser.Simple s, Sink sink) {
        // 1) prefixes, substitutions and redirects, whatever the command is
        for (ShellToken a : s.assignments()) sink.assignment(a);
        for (ShellToken w : s.words()) {
            if (w.substitution()) sink.concern(Concern.opaque("'" + w.text() + "' runs a command substitution"));
        }
        for (ShellParser.Redirect r : s.redirects()) redirect(r, sink);
        if (s.words().isEmpty()) return sink.cwd;
        return sink.run(sink.expandBraces(s.words()));
    }

    private Path cd(String name, List<ShellToken> argv, Sink sink) {
        List<ShellToken> args = argv.subList(1, argv.size()).stream()
                .filter(t -> !t.text().equals("-P")
                        && !t.text().equals("-L")
                        && !t.text().equals("-e")
                        && !t.text().equals("--"))
                .toList();
        if (name.equals("popd")
                || args.size() > 1
                || (!args.isEmpty() && args.get(0).text().matches("-|[+-][0-9]+"))) {
            sink.concern(Concern.opaque("cannot tell the directory '"
                    + String.join(" ", argv.stream().map(ShellToken::text).toList()) + "' moves to"));
            return null;
        }
        if (args.isEmpty()) return home;
        Path target = sink.resolve(args.get(0), "cd");
        if (target != null) sink.use(Operation.READ, target, "cd " + args.get(0).text());
        else sink.word(Operation.READ, args.get(0), "cd " + args.get(0).text());
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
        boolean dup = (op.equals(">&") || op.equals("<&")) && target.text().matches("[0-9]+-?|-") && !target.expands();
        if (dup) return;
        for (ShellToken t : sink.expandBraces(List.of(target))) {
            if (op.equals("<>")) sink.word(Operation.READ, t, "redirect " + r.op() + " " + t.text());
            Operation operation = op.equals("<") || op.equals("<&") ? Operation.READ : Operation.WRITE;
            sink.word(operation, t, "redirect " + r.op() + " " + t.text());
        }
    }

    static String join(List<ShellToken> words) {
        return words.stream().map(ShellToken::text).collect(Collectors.joining(" "));
    }

    /** Collects uses and concerns for one simple command, resolving words against its cwd. */
    final class Sink {
        Path cwd;
        private final List<PathUse> uses;
        private final List<Concern> concerns;
        private final List<String> lines;
        private final boolean dotglob;
        /** The program whose words are being judged (for {@link RemoteTargets}); null outside one. */
        private String program;

        List<CommandAnalysis.Remote> remotes = new ArrayList<>();

        Sink(Path cwd, List<PathUse> uses, List<Concern> concerns, List<String> lines, boolean dotglob) {
            this.dotglob = dotglob;
            this.cwd = cwd;
            this.uses = uses;
            this.concerns = concerns;
            this.lines = lines;
        }

        /**
         * Judges one command's words (braces already expanded): strips wrappers down to the program
         * that really runs, then judges it. Also used for what {@code find -exec} and {@code xargs}
         * run. Returns the cwd after it: only {@code cd} moves it; a wrapper's or {@code git -C}'s
         * directory lasts for that command only.
         */
        Path run(List<ShellToken> words) {
            Path before = cwd;
            lines.add(join(words));
            List<ShellToken> argv = Wrappers.unwrap(words, this);
            if (argv.isEmpty()) return restore(before);
            if (argv.size() != words.size()) lines.add(join(argv));
            ShellToken prog = argv.get(0);
            String program = prog.text();
            String name = CommandCatalog.base(program).toLowerCase(Locale.ROOT);
            if (!name.equals(program))
                lines.add(join(List.of(ShellToken.fromPattern(ShellToken.escape(name), prog))) + " "
                        + join(argv.subList(1, argv.size())));
            if (program.contains("/") || ShellWords.active(prog.pattern()))
                word(Operation.EXECUTE, prog, "program " + program);
            if (prog.expands()) concern(Concern.opaque("the program name '" + program + "' depends on a variable"));
            else if (ShellToken.hasActiveGlob(prog.pattern()))
                concern(Concern.opaque("the program name '" + program + "' is a glob"));
            if (name.equals("cd") || name.equals("pushd") || name.equals("popd")) {
                Path after = cd(name, argv, this);
                cwd = before;
                return after;
            }
            String outer = this.program;
            this.program = name;
            try {
                CommandCatalog.judge(name, argv.subList(1, argv.size()), this);
            } finally {
                this.program = outer;
            }
            return restore(before);
        }

        private Path restore(Path before) {
            cwd = before;
            return before;
        }

        /** Another form of the command, for the deny command patterns ({@code git push} from {@code git -C x push}). */
        void line(String line) {
            if (!lines.contains(line)) lines.add(line);
        }

        void concern(Concern c) {
            if (!concerns.contains(c)) concerns.add(c);
        }

        /** Words after brace expansion, each alternative its own word, as bash passes them. */
        List<ShellToken> expandBraces(List<ShellToken> words) {
            List<ShellToken> out = new ArrayList<>();
            for (ShellToken w : words) {
                String p = w.pattern();
                if (p.indexOf('{') < 0) {
                    out.add(w);
                    continue;
                }
                List<String> alts = ShellWords.braces(p);
                if (alts == null) {
                    concern(Concern.opaque(
                            "'" + w.text() + "' expands to more than " + ShellWords.MAX_ALTERNATIVES + " words"));
                    int open = p.indexOf('{');
                    while (open > 0 && p.charAt(open - 1) == '\\') open = p.indexOf('{', open + 1);
                    out.add(ShellToken.fromPattern(p.substring(0, Math.max(open, 0)) + ShellToken.UNKNOWN, w));
                } else if (alts.size() == 1 && alts.get(0).equals(p)) {
                    out.add(w);
                } else {
                    for (String a : alts) out.add(ShellToken.fromPattern(a, w));
                }
            }
            return out;
        }

        /** A literal path; skipped only when it is exactly a plumbing device. */
        void use(Operation op, Path path, String source) {
            if (plumbing(path)) return;
            proc(path.normalize(), source);
            uses.add(new PathUse(op, path, source));
        }

        private void proc(Path n, String source) {
            boolean proc = n.getNameCount() == 0 || (n.startsWith("/proc") && !HARMLESS_PROC.contains(n.toString()));
            if (proc && n.isAbsolute()) {
                concern(Concern.risky("'" + source + "' reaches " + n + ", where /proc shows other processes'"
                        + " environment, memory and files"));
            }
        }

        /** A word naming a path: resolved and recorded (a pattern when it has globs or variables). */
        void word(Operation op, ShellToken word, String source) {
            String text = word.text();
            // a glob after the host cannot turn the word into a local path: it still starts scheme:// or host:
            if (!word.expands() && RemoteTargets.isRemote(program, text) && !globBeforeHost(word.pattern())) {
                CommandAnalysis.Remote r = new CommandAnalysis.Remote(text, source);
                if (!remotes.contains(r)) remotes.add(r);
                return;
            }
            if (FileUrls.isFileUrl(text)) {
                ShellToken path = FileUrls.path(word);
                word(Operation.READ, path, source + " (file: URL)");
                if (op != Operation.READ) word(op, path, source + " (file: URL)");
                return;
            }
            if (word.expands())
                concern(Concern.opaque("'" + text + "' (" + source + ") depends on a variable's value"));
            String p = word.pattern();
            if (p.equals("~") || p.startsWith("~/")) {
                p = ShellToken.escape(home.toString()) + p.substring(1);
            } else if (p.startsWith("~")) {
                concern(Concern.opaque("'" + text + "' names another user's home directory"));
                return;
            }
            String[] comps = p.split("/", -1);
            int first = -1;
            for (int k = 0; k < comps.length && first < 0; k++) if (ShellWords.active(comps[k])) first = k;
            if (first < 0) {
                Path path = literal(ShellToken.unescape(p, word), source);
                if (path != null) use(op, path, source);
                return;
            }
            boolean absolute = p.startsWith("/") || comps[0].indexOf(ShellToken.UNKNOWN) == 0;
            StringBuilder fixed = new StringBuilder(absolute ? "/" : "");
            for (int k = 0; k < first; k++)
                if (!comps[k].isEmpty()) fixed.append(comps[k]).append('/');
            List<String> rest = new ArrayList<>();
            boolean climbs = false;
            for (int k = first; k < comps.length; k++) {
                String c = comps[k];
                if (c.isEmpty() || c.equals(".")) continue;
                if (c.equals("..") || mayBeDotDot(c)) climbs = true;
                rest.add(c);
            }
            Path prefix = literal(fixed.isEmpty() ? "." : ShellToken.unescape(fixed.toString(), word), source);
            if (prefix == null) return;
            if (climbs) {
                concern(Concern.opaque("'" + text + "' (" + source + ") has '..' after a glob or variable:"
                        + " where it leads depends on what exists"));
                int last = 0;
                for (int k = 0; k < rest.size(); k++)
                    if (rest.get(k).equals("..") || mayBeDotDot(rest.get(k))) last = k + 1;
                List<String> tail = new ArrayList<>();
                tail.add(String.valueOf(ShellToken.UNKNOWN));
                tail.addAll(rest.subList(last, rest.size()));
                rest = tail;
                prefix = Path.of("/");
            }
            PathPattern pattern = new PathPattern(prefix, rest, dotglob);
            if (!word.expands()
                    && PathPattern.overlaps(
                            pattern.comps(prefix), PathPattern.literalComps(Path.of("/proc")), true, true)) {
                concern(Concern.risky("'" + source + "' may reach /proc, which shows other processes' environment,"
                        + " memory and files"));
            }
            uses.add(new PathUse(op, prefix, source, pattern));
        }

        /** Whether a glob comes before the first {@code :} (then the word may expand to a local path). */
        private static boolean globBeforeHost(String pattern) {
            int colon = pattern.indexOf(':');
            return ShellToken.hasActiveGlob(colon < 0 ? pattern : pattern.substring(0, colon));
        }

        /** Whether a glob component can match {@code ..} (bash before 5.2 lets {@code .*} do so). */
        private static boolean mayBeDotDot(String c) {
            if (!ShellToken.hasActiveGlob(c)) return false;
            PathPattern.Comp comp = PathPattern.shellComp(c, true);
            return (c.startsWith(".") || c.startsWith("["))
                    && (comp.any() || comp.regex().matcher("..").matches());
        }

        private Path literal(String text, String source) {
            try {
                Path p = Path.of(text);
                if (p.isAbsolute()) return p;
                if (cwd == null) {
                    concern(Concern.opaque("'" + text + "' (" + source + ") is relative to a directory the analyser"
                            + " cannot tell"));
                    return null;
                }
                return cwd.resolve(p);
            } catch (InvalidPathException e) {
                concern(Concern.opaque("'" + text + "' is not a valid path"));
                return null;
            }
        }

        /** The working directory itself, touched by a command that works in it. */
        void cwd(Operation op, String source) {
            if (cwd == null) concern(Concern.opaque(source + " runs in a directory the analyser cannot tell"));
            else use(op, cwd, source + WORKING_DIRECTORY);
        }

        void assignment(ShellToken a) {
            String name = a.text().substring(0, a.text().indexOf('=')).replace("+", "");
            if (a.substitution()) concern(Concern.opaque("'" + a.text() + "' runs a command substitution"));
            variable(name);
        }

        /** A variable the command sets (an assignment, {@code export}, {@code read}, {@code printf -v}). */
        void variable(String name) {
            if (CommandCatalog.dangerousVariable(name)) {
                concern(Concern.risky("setting " + name + " changes how programs load code or run"));
            }
        }

        /** A directory a command moves to (cd-like); null with a concern when it cannot be told. */
        Path resolve(ShellToken word, String source) {
            String text = word.text();
            if (word.expands() || ShellWords.active(word.pattern()) || FileUrls.isFileUrl(text)) {
                concern(Concern.opaque("'" + text + "' (" + source + ") is not a directory the analyser can name"));
                return null;
            }
            if (text.equals("~") || text.startsWith("~/")) {
                text = home + text.substring(1);
            } else if (text.startsWith("~")) {
                concern(Concern.opaque("'" + text + "' names another user's home directory"));
                return null;
            }
            return literal(text, source);
        }
    }

    static boolean plumbing(Path path) {
        String s = path.toString();
        return DEVICES.contains(s) || FD.matcher(s).matches();
    }
}

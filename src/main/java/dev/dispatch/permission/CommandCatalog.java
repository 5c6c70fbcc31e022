package dev.dispatch.permission;

import dev.dispatch.permission.CommandAnalysis.Concern;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What known programs do with their arguments. Readers read every path argument; writers write
 * them (copy-like ones read all but the last); a few need care (git, find, sed, dd, awk); programs
 * that run code the analyser cannot read ({@code bash -c}, {@code eval}, {@code python -c},
 * {@code xargs}, {@code find -exec}) raise a concern. An unknown program is treated as a writer of
 * every argument and of its working directory: inside the project that is allowed (builds and test
 * runners are normal work there; the sandbox confines them), anywhere else it asks.
 */
final class CommandCatalog {
    static final Set<String> NO_PATHS = Set.of(
            "echo",
            "printf",
            "true",
            "false",
            "pwd",
            "date",
            "whoami",
            "id",
            "uname",
            "which",
            "type",
            "hostname",
            "sleep",
            "seq",
            "yes",
            "basename",
            "dirname",
            "test",
            "[",
            "exit",
            "return",
            "shift",
            "set",
            "unset",
            "export",
            "declare",
            "typeset",
            "local",
            "readonly",
            "wait",
            "jobs",
            "kill",
            "alias",
            "hash",
            "ulimit",
            "umask",
            "getconf",
            "nproc",
            "tput",
            "clear",
            "history",
            "read",
            ":");
    static final Set<String> READERS = Set.of(
            "cat",
            "head",
            "tail",
            "less",
            "more",
            "grep",
            "egrep",
            "fgrep",
            "rg",
            "ag",
            "ack",
            "wc",
            "file",
            "stat",
            "du",
            "df",
            "tree",
            "ls",
            "diff",
            "cmp",
            "uniq",
            "cut",
            "tr",
            "nl",
            "od",
            "xxd",
            "hexdump",
            "strings",
            "md5sum",
            "sha1sum",
            "sha256sum",
            "sha512sum",
            "cksum",
            "base64",
            "realpath",
            "readlink",
            "jq",
            "column",
            "comm",
            "join",
            "paste",
            "fold",
            "fmt",
            "rev",
            "tac",
            "zcat",
            "zgrep",
            "bzcat",
            "xzcat",
            "sort",
            "lsof",
            "ps",
            "env",
            "printenv",
            "locate",
            "fd",
            "bat");
    static final Set<String> WRITERS = Set.of(
            "rm",
            "rmdir",
            "mkdir",
            "touch",
            "tee",
            "chmod",
            "chown",
            "chgrp",
            "truncate",
            "unlink",
            "shred",
            "mv",
            "patch",
            "tar",
            "unzip",
            "zip",
            "gzip",
            "gunzip",
            "xz",
            "bzip2",
            "mkfifo",
            "mknod",
            "split",
            "csplit");
    static final Set<String> COPIERS = Set.of("cp", "install", "rsync", "scp");
    static final Set<String> SHELLS = Set.of("bash", "sh", "zsh", "dash", "ksh", "fish", "csh", "tcsh", "busybox");
    static final Set<String> INTERPRETERS = Set.of(
            "python",
            "python2",
            "python3",
            "node",
            "nodejs",
            "perl",
            "ruby",
            "php",
            "deno",
            "bun",
            "lua",
            "Rscript",
            "osascript",
            "jshell",
            "groovy");
    static final Set<String> RUNS_STRINGS =
            Set.of("eval", "source", ".", "xargs", "parallel", "watch", "trap", "script", "expect");
    static final Set<String> OTHER_USER = Set.of("sudo", "doas", "su", "pkexec", "runuser", "chroot", "setpriv");
    static final Set<String> WRAPPERS = Set.of(
            "env",
            "timeout",
            "nice",
            "nohup",
            "exec",
            "stdbuf",
            "ionice",
            "command",
            "builtin",
            "time",
            "chronic",
            "unbuffer",
            "setsid");
    static final Set<String> GIT_READS = Set.of(
            "status",
            "log",
            "diff",
            "show",
            "blame",
            "rev-parse",
            "ls-files",
            "ls-tree",
            "grep",
            "describe",
            "shortlog",
            "rev-list",
            "cat-file",
            "reflog",
            "whatchanged",
            "help",
            "version");
    private static final Set<String> DANGEROUS_VARIABLES = Set.of(
            "PATH",
            "BASH_ENV",
            "ENV",
            "SHELLOPTS",
            "BASHOPTS",
            "PS4",
            "PROMPT_COMMAND",
            "IFS",
            "HOME",
            "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "MAVEN_OPTS",
            "GRADLE_OPTS",
            "NODE_OPTIONS",
            "PYTHONPATH",
            "PYTHONSTARTUP",
            "PYTHONHOME",
            "PERL5OPT",
            "PERL5LIB",
            "RUBYOPT",
            "RUBYLIB",
            "EDITOR",
            "VISUAL",
            "PAGER");

    private CommandCatalog() {}

    /** Variables that make other programs load or run something else. */
    static boolean dangerousVariable(String name) {
        return DANGEROUS_VARIABLES.contains(name)
                || name.startsWith("LD_")
                || name.startsWith("DYLD_")
                || name.startsWith("GIT_");
    }

    /** Drops wrapper programs and their options, so {@code timeout 5 rm x} is judged as {@code rm x}. */
    static List<ShellToken> unwrap(List<ShellToken> words, CommandAnalyser.Sink sink) {
        List<ShellToken> argv = new ArrayList<>(words);
        while (!argv.isEmpty()) {
            String name = base(argv.get(0).text());
            if (OTHER_USER.contains(name)) {
                sink.concern(Concern.risky("'" + name + "' runs the command as another user"));
            } else if (!WRAPPERS.contains(name)) {
                return argv;
            }
            if (name.equals("command") && argv.size() > 1 && argv.get(1).text().matches("-[vV]")) return List.of();
            argv.remove(0);
            // the wrapper's own options, durations, and (for env) VAR=x assignments
            while (!argv.isEmpty()) {
                String t = argv.get(0).text();
                if (ShellParser.isAssignment(t) && !argv.get(0).quoted()) {
                    sink.assignment(argv.get(0));
                } else if (t.startsWith("-") || (t.matches("[0-9.]+[smhd]?") && !name.equals("exec"))) {
                    if (name.equals("sudo") && t.matches("-[ugCDhpRrT]")) argv.remove(0);
                    if (name.equals("nice") && t.equals("-n")) argv.remove(0);
                } else {
                    break;
                }
                if (!argv.isEmpty()) argv.remove(0);
            }
        }
        return argv;
    }

    /** Records what {@code name} does with {@code args}. */
    static void judge(String name, List<ShellToken> args, CommandAnalyser.Sink sink) {
        if (NO_PATHS.contains(name)) return;
        if (SHELLS.contains(name)) {
            if (has(args, "-c")) {
                sink.concern(Concern.opaque("'" + name + " -c' runs a command string the analyser does not read"));
            } else if (operands(args).isEmpty()) {
                sink.concern(Concern.opaque("'" + name + "' reads commands from its input"));
            }
            operands(args).forEach(a -> sink.word(Operation.READ, a, name + " script"));
            sink.cwd(Operation.WRITE, name);
            return;
        }
        if (INTERPRETERS.contains(name)
                && (has(args, "-c") || has(args, "-e") || has(args, "-r") || has(args, "--eval"))) {
            sink.concern(Concern.opaque("'" + name + "' runs inline code the analyser does not read"));
        }
        if (RUNS_STRINGS.contains(name)) {
            sink.concern(Concern.opaque("'" + name + "' runs commands the analyser cannot see"));
            return;
        }
        switch (name) {
            case "git" -> git(args, sink);
            case "find" -> find(args, sink);
            case "sed" ->
                each(
                        operands(args),
                        sink,
                        has(args, "-i") || startsWith(args, "-i") || has(args, "--in-place")
                                ? Operation.WRITE
                                : Operation.READ,
                        name);
            case "awk", "gawk", "mawk" -> awk(args, sink);
            case "dd" -> dd(args, sink);
            case "ln" -> lastWritten(args, sink, null, name);
            default -> {
                if (READERS.contains(name)) {
                    readsWithOutputOption(name, args, sink);
                } else if (WRITERS.contains(name)) {
                    each(operands(args), sink, Operation.WRITE, name);
                    optionValues(args, sink, Operation.WRITE, name);
                    if (operands(args).isEmpty()) sink.cwd(Operation.WRITE, name);
                } else if (COPIERS.contains(name)) {
                    lastWritten(args, sink, Operation.READ, name);
                } else {
                    // unknown program: every argument may be a file it writes, and it works in its cwd
                    each(operands(args), sink, Operation.WRITE, name);
                    optionValues(args, sink, Operation.WRITE, name);
                    sink.cwd(Operation.WRITE, name);
                }
            }
        }
    }

    private static void readsWithOutputOption(String name, List<ShellToken> args, CommandAnalyser.Sink sink) {
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (name.equals("sort") && t.equals("-o") && i + 1 < args.size()) {
                sink.word(Operation.WRITE, args.get(++i), "sort -o");
            } else if (!t.startsWith("-") || t.equals("-")) {
                if (!t.equals("-")) sink.word(Operation.READ, args.get(i), name);
            }
        }
        optionValues(args, sink, Operation.READ, name);
        if (operands(args).isEmpty()) sink.cwd(Operation.READ, name);
    }

    private static void git(List<ShellToken> args, CommandAnalyser.Sink sink) {
        int i = 0;
        while (i < args.size() && args.get(i).text().startsWith("-")) {
            String t = args.get(i).text();
            if (t.equals("-C") && i + 1 < args.size()) {
                java.nio.file.Path dir = sink.resolve(args.get(i + 1), "git -C");
                sink.cwd = dir;
                i += 2;
                continue;
            }
            if (t.equals("-c")
                    || t.startsWith("--config-env")
                    || t.startsWith("--exec-path")
                    || t.startsWith("--git-dir")
                    || t.startsWith("--work-tree")) {
                sink.concern(Concern.risky("'git " + t + "' changes git's configuration for this command"));
                i += t.contains("=") ? 1 : 2;
                continue;
            }
            i++;
        }
        if (i >= args.size()) return;
        String sub = args.get(i).text();
        List<ShellToken> rest = args.subList(i + 1, args.size());
        if (GIT_READS.contains(sub)
                || (sub.equals("branch") && rest.stream().allMatch(t -> t.text().startsWith("-")))
                || (sub.equals("remote") && rest.stream().allMatch(t -> t.text().equals("-v")))) {
            sink.cwd(Operation.READ, "git " + sub);
            return;
        }
        if (sub.equals("config")) {
            boolean reads = rest.stream().anyMatch(t -> t.text().matches("--get.*|--list|-l"));
            if (!reads && sink.cwd != null) sink.use(Operation.WRITE, sink.cwd.resolve(".git/config"), "git config");
            sink.cwd(Operation.READ, "git config");
            return;
        }
        each(operands(rest), sink, Operation.WRITE, "git " + sub);
        sink.cwd(Operation.WRITE, "git " + sub);
    }

    private static void find(List<ShellToken> args, CommandAnalyser.Sink sink) {
        List<ShellToken> roots = new ArrayList<>();
        int i = 0;
        while (i < args.size()
                && !args.get(i).text().startsWith("-")
                && !args.get(i).text().equals("(")
                && !args.get(i).text().equals("!")) {
            roots.add(args.get(i++));
        }
        boolean deletes = false;
        for (; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.matches("-exec|-execdir|-ok|-okdir")) {
                sink.concern(Concern.opaque("'find " + t + "' runs another command on every match"));
            } else if (t.equals("-delete")) {
                deletes = true;
            } else if (t.matches("-fprint0?|-fprintf|-fls") && i + 1 < args.size()) {
                sink.word(Operation.WRITE, args.get(++i), "find " + t);
            }
        }
        Operation op = deletes ? Operation.WRITE : Operation.READ;
        if (roots.isEmpty()) sink.cwd(op, "find");
        each(roots, sink, op, "find");
    }

    private static void awk(List<ShellToken> args, CommandAnalyser.Sink sink) {
        List<ShellToken> ops = operands(args);
        if (!ops.isEmpty() && !has(args, "-f")) {
            String program = ops.get(0).text();
            if (program.contains("system") || program.contains(">") || program.contains("|")) {
                sink.concern(Concern.opaque("the awk program may run commands or write files"));
            }
            ops = ops.subList(1, ops.size());
        }
        each(ops, sink, Operation.READ, "awk");
    }

    private static void dd(List<ShellToken> args, CommandAnalyser.Sink sink) {
        for (ShellToken t : args) {
            String s = t.text();
            if (s.startsWith("if=") || s.startsWith("of=")) {
                ShellToken value = new ShellToken(
                        ShellToken.Kind.WORD,
                        s.substring(3),
                        t.expands(),
                        t.substitution(),
                        t.glob(),
                        t.quoted(),
                        null);
                sink.word(s.startsWith("of=") ? Operation.WRITE : Operation.READ, value, "dd " + s.substring(0, 2));
            }
        }
    }

    /** The last operand is written; the others get {@code others} (null: not touched). */
    private static void lastWritten(List<ShellToken> args, CommandAnalyser.Sink sink, Operation others, String name) {
        List<ShellToken> ops = operands(args);
        if (ops.isEmpty()) return;
        if (ops.size() == 1 && name.equals("ln")) {
            sink.cwd(Operation.WRITE, "ln");
            return;
        }
        if (others != null) each(ops.subList(0, ops.size() - 1), sink, others, name);
        sink.word(Operation.WRITE, ops.get(ops.size() - 1), name + " destination");
        optionValues(args, sink, Operation.WRITE, name);
    }

    private static void each(List<ShellToken> words, CommandAnalyser.Sink sink, Operation op, String name) {
        for (ShellToken w : words) sink.word(op, w, name + " " + w.text());
    }

    /** {@code --output=FILE}-style values that look like paths. */
    private static void optionValues(List<ShellToken> args, CommandAnalyser.Sink sink, Operation op, String name) {
        for (ShellToken t : args) {
            String s = t.text();
            int eq = s.indexOf('=');
            if (s.startsWith("-") && eq > 0) {
                String v = s.substring(eq + 1);
                if (v.contains("/") || v.startsWith("~") || v.equals("..")) {
                    sink.word(
                            op,
                            new ShellToken(
                                    ShellToken.Kind.WORD, v, t.expands(), t.substitution(), t.glob(), t.quoted(), null),
                            name + " " + s);
                }
            }
        }
    }

    /** Non-option arguments ({@code --} ends options). */
    static List<ShellToken> operands(List<ShellToken> args) {
        List<ShellToken> out = new ArrayList<>();
        boolean options = true;
        for (ShellToken t : args) {
            if (options && t.text().equals("--")) {
                options = false;
            } else if (!options || !t.text().startsWith("-") || t.text().equals("-")) {
                if (!t.text().equals("-")) out.add(t);
            }
        }
        return out;
    }

    private static boolean has(List<ShellToken> args, String option) {
        return args.stream().anyMatch(t -> t.text().equals(option));
    }

    private static boolean startsWith(List<ShellToken> args, String prefix) {
        return args.stream()
                .anyMatch(t -> t.text().startsWith(prefix) && !t.text().startsWith("--"));
    }

    static String base(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }
}

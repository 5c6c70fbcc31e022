package dev.dispatch.permission;

import dev.dispatch.permission.CommandAnalysis.Concern;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What known programs do with their arguments. Readers read every path argument; writers write
 * them (copy-like ones read all but the last); a few need care (git, find, sed, dd, awk, ln); programs
 * that run code the analyser cannot read ({@code bash -c}, {@code eval}, {@code python -c},
 * {@code find -exec}) raise a concern. An unknown program is treated as a writer of every argument
 * and of its working directory: inside the project that is allowed (builds and test runners are
 * normal work there; the sandbox confines them), anywhere else it asks. Option values count too,
 * attached ({@code -o/x}, {@code --output=/x}) or not; see {@link ProgramOptions}.
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
            "wait",
            "jobs",
            "kill",
            "getconf",
            "nproc",
            "tput",
            "clear",
            "history",
            ":",
            "shopt",
            "ulimit",
            "umask");
    static final Set<String> SETS_VARIABLES =
            Set.of("export", "declare", "typeset", "local", "readonly", "read", "mapfile", "readarray", "getopts");
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
            "cut",
            "tr",
            "nl",
            "od",
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
            "printenv",
            "locate",
            "bat",
            "pgrep");
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
            "csplit",
            "uniq",
            "xxd");
    static final Set<String> COPIERS = Set.of("cp", "install", "rsync", "scp");
    static final Set<String> SHELLS =
            Set.of("bash", "sh", "zsh", "dash", "ksh", "fish", "csh", "tcsh", "busybox", "rbash", "mksh", "yash");
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
            "rscript",
            "osascript",
            "jshell",
            "groovy",
            "tclsh",
            "wish",
            "pwsh");
    static final Set<String> RUNS_STRINGS = Set.of(
            "eval",
            "source",
            ".",
            "parallel",
            "watch",
            "trap",
            "script",
            "expect",
            "at",
            "batch",
            "crontab",
            "systemd-run",
            "tmux",
            "screen",
            "enable",
            "fc",
            "coproc",
            "dtach",
            "nsenter",
            "setpriv");
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
            "PAGER",
            "LESSOPEN",
            "LESSCLOSE",
            "CDPATH",
            "BASH_FUNC",
            "TMPDIR",
            "XDG_CONFIG_HOME",
            "CURL_HOME",
            "WGETRC",
            "SSH_ASKPASS",
            "SUDO_ASKPASS",
            "GCONV_PATH",
            "HISTFILE",
            "MAVEN_ARGS",
            "NPM_CONFIG_PREFIX",
            "DOTNET_STARTUP_HOOKS");

    private CommandCatalog() {}

    /** Variables that make other programs load or run something else. */
    static boolean dangerousVariable(String name) {
        return DANGEROUS_VARIABLES.contains(name)
                || name.startsWith("LD_")
                || name.startsWith("DYLD_")
                || name.startsWith("GIT_")
                || name.startsWith("BASH_FUNC_")
                || name.startsWith("npm_config_")
                || name.startsWith("NPM_CONFIG_");
    }

    /** Records what {@code name} does with {@code args}. */
    static void judge(String name, List<ShellToken> args, CommandAnalyser.Sink sink) {
        if (NO_PATHS.contains(name)) {
            if (name.equals("printf")) printfVariable(args, sink);
            return;
        }
        if (SETS_VARIABLES.contains(name)) {
            for (ShellToken a : args) {
                if (ShellParser.isAssignment(a.text())) sink.assignment(a);
                else if (!a.text().startsWith("-")) sink.variable(a.text());
            }
            return;
        }
        if (name.equals("alias") || name.equals("hash") || name.equals("bind") || name.equals("complete")) {
            if (args.stream()
                    .anyMatch(a -> a.text().contains("=")
                            || a.text().startsWith("-p")
                            || a.text().startsWith("-x")
                            || a.text().startsWith("-C"))) {
                sink.concern(Concern.opaque("'" + name + "' makes a later word run something else"));
            }
            return;
        }
        if (SHELLS.contains(name)) {
            shell(name, args, sink);
            return;
        }
        if (INTERPRETERS.contains(name)) interpreter(name, args, sink);
        if (RUNS_STRINGS.contains(name)) {
            sink.concern(Concern.opaque("'" + name + "' runs commands the analyser cannot see"));
            return;
        }
        Operation def = READERS.contains(name) ? Operation.READ : Operation.WRITE;
        ProgramOptions.attached(name, args, sink, def);
        switch (name) {
            case "git" -> GitCommand.judge(args, sink);
            case "find" -> Finds.find(args, sink);
            case "fd", "fdfind" -> Finds.fd(args, sink);
            case "sed" -> Scripts.sed(args, sink);
            case "awk", "gawk", "mawk", "nawk" -> Scripts.awk(args, sink);
            case "dd" -> dd(args, sink);
            case "ln", "link" -> Links.ln(args, sink);
            case "ps" -> ps(args, sink);
            default -> {
                ProgramOptions.runsCommands(name, args, sink);
                if (READERS.contains(name)) {
                    ProgramOptions.reads(name, args, sink);
                } else if (COPIERS.contains(name)) {
                    Links.copy(name, args, sink);
                } else {
                    // writers, and unknown programs: every argument may be a file it writes
                    for (ShellToken w : operands(args)) ProgramOptions.operand(name, w, Operation.WRITE, sink);
                    if (!WRITERS.contains(name) || operands(args).isEmpty()) sink.cwd(Operation.WRITE, name);
                }
            }
        }
    }

    private static void printfVariable(List<ShellToken> args, CommandAnalyser.Sink sink) {
        for (int i = 0; i + 1 < args.size(); i++)
            if (args.get(i).text().equals("-v")) sink.variable(args.get(i + 1).text());
    }

    private static void shell(String name, List<ShellToken> args, CommandAnalyser.Sink sink) {
        boolean inline = args.stream()
                .map(ShellToken::text)
                .anyMatch(t -> t.matches("-[a-zA-Z]*[cs][a-zA-Z]*|--command")
                        || t.equals("-i")
                        || t.startsWith("--rcfile")
                        || t.startsWith("--init-file"));
        boolean string = args.stream().map(ShellToken::text).anyMatch(t -> t.matches("-[a-zA-Z]*c[a-zA-Z]*|--command"));
        List<ShellToken> ops = shellOperands(args);
        // with -c the first operand is the command string: code, not a file (the rest are $0, $1, …)
        if (string && !ops.isEmpty()) ops = ops.subList(1, ops.size());
        if (inline) {
            sink.concern(Concern.opaque("'" + name + " -c' runs a command string the analyser does not read"));
        } else if (ops.isEmpty()) {
            sink.concern(Concern.opaque("'" + name + "' reads commands from its input"));
        }
        if (!ops.isEmpty() && !string) sink.word(Operation.READ, ops.get(0), name + " script");
        for (ShellToken o : ops) sink.word(Operation.WRITE, o, name + " " + o.text());
        sink.cwd(Operation.WRITE, name);
    }

    private static final Pattern INLINE =
            Pattern.compile("-[a-zA-Z0-9]*[ceEpr][a-zA-Z0-9]*|--(eval|print|command|exec)(=.*)?"
                    + "|-[mM]|-[mM].+|--require.*|--import.*|--loader.*|--experimental-loader.*");

    private static void interpreter(String name, List<ShellToken> args, CommandAnalyser.Sink sink) {
        boolean inline = false;
        for (ShellToken a : args) {
            String t = a.text();
            if (!t.startsWith("-") || t.equals("--")) break;
            if (INLINE.matcher(t).matches() && !(name.startsWith("python") && t.matches("-[mM].*"))) inline = true;
        }
        List<ShellToken> ops = operands(args);
        boolean version = args.stream().anyMatch(a -> a.text().matches("--?(version|help)|-[vVh]"));
        if (inline) {
            sink.concern(Concern.opaque("'" + name + "' runs inline code the analyser does not read"));
        } else if (!version
                && (ops.isEmpty() || ops.get(0).text().equals("-"))
                && args.stream().noneMatch(a -> a.text().matches("-m"))) {
            sink.concern(Concern.opaque("'" + name + "' reads its program from its input"));
        }
    }

    private static void dd(List<ShellToken> args, CommandAnalyser.Sink sink) {
        for (ShellToken t : args) {
            String s = t.text();
            if (s.startsWith("if=") || s.startsWith("of=")) {
                sink.word(s.startsWith("of=") ? Operation.WRITE : Operation.READ, t.drop(3), "dd " + s.substring(0, 2));
            }
        }
    }

    private static void ps(List<ShellToken> args, CommandAnalyser.Sink sink) {
        for (ShellToken a : args) {
            String t = a.text();
            boolean bsd = !t.startsWith("-") && t.matches("[a-zA-Z]*e[a-zA-Z]*");
            boolean unix = t.matches("-[a-zA-Z]+") && t.indexOf('e', 2) >= 0;
            if (bsd || unix || t.toLowerCase(java.util.Locale.ROOT).contains("env")) {
                sink.concern(
                        Concern.risky("'ps " + t + "' can show other processes' environment (and the secrets in it)"));
            }
        }
    }

    /** Non-option arguments ({@code --} ends options). */
    /** A shell's operands: {@code -o NAME}/{@code +o NAME} and {@code -O}/{@code +O} take the next word. */
    private static List<ShellToken> shellOperands(List<ShellToken> args) {
        List<ShellToken> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.matches("[-+][oO]") && i + 1 < args.size()) i++;
            else if (!t.startsWith("+")) rest.add(args.get(i));
        }
        return operands(rest);
    }

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

    static boolean has(List<ShellToken> args, String option) {
        return args.stream().anyMatch(t -> t.text().equals(option));
    }

    static String base(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }
}

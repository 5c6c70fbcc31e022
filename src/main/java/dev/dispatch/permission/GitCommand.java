package dev.dispatch.permission;

import dev.dispatch.permission.CommandAnalysis.Concern;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code git} command touches. Read-only subcommands read the working tree; the rest may
 * write it (and their operands); {@code git config} writes {@code .git/config}. Global options are
 * read: {@code -C dir} moves the command, {@code -c}/{@code --git-dir}/{@code --exec-path} change what
 * git runs (risky). Options and URLs that make git run a program ({@code --upload-pack},
 * {@code ext::}, {@code rebase --exec}, {@code submodule foreach}, {@code --template}) are concerns.
 * The command is also offered to the deny patterns without its global options.
 */
final class GitCommand {
    private static final Set<String> GLOBAL_VALUES = Set.of(
            "-C",
            "-c",
            "--config-env",
            "--exec-path",
            "--git-dir",
            "--work-tree",
            "--namespace",
            "--super-prefix",
            "--attr-source",
            "--list-cmds");
    private static final Pattern RUNS = Pattern.compile("--upload-pack.*|--receive-pack.*|--exec(=.*)?|--template.*|"
            + "--config(=.*)?|--extcmd.*|-O.*|--open-files-in-pager.*|--ext-diff|--tool.*|--separate-git-dir.*");
    private static final Set<String> RUNS_SUBCOMMANDS = Set.of(
            "filter-branch",
            "difftool",
            "mergetool",
            "daemon",
            "instaweb",
            "send-email",
            "credential",
            "credential-store",
            "credential-cache",
            "imap-send",
            "p4",
            "svn",
            "cvsimport",
            "web--browse",
            "sh-setup",
            "filter-repo");

    private GitCommand() {}

    static void judge(List<ShellToken> args, CommandAnalyser.Sink sink) {
        int i = 0;
        while (i < args.size() && args.get(i).text().startsWith("-")) {
            String t = args.get(i).text();
            String key = t.contains("=") ? t.substring(0, t.indexOf('=')) : t;
            boolean separate = GLOBAL_VALUES.contains(key) && !t.contains("=");
            ShellToken value = separate
                    ? (i + 1 < args.size() ? args.get(i + 1) : null)
                    : t.contains("=") ? args.get(i).drop(t.indexOf('=') + 1) : null;
            if (key.equals("-C") && value != null) {
                Path dir = sink.resolve(value, "git -C");
                if (dir != null) sink.use(Operation.READ, dir, "git -C " + value.text());
                sink.cwd = dir;
            } else if (GLOBAL_VALUES.contains(key) || key.equals("--exec-path") || key.equals("--bare")) {
                sink.concern(Concern.risky(
                        "'git " + t + "' changes git's configuration or where it works for this command"));
                if (value != null) sink.word(Operation.WRITE, value, "git " + key);
            }
            i += separate ? 2 : 1;
        }
        if (i >= args.size()) return;
        String sub = args.get(i).text();
        List<ShellToken> rest = args.subList(i + 1, args.size());
        sink.line("git " + CommandAnalyser.join(args.subList(i, args.size())));
        for (ShellToken a : args) {
            String t = a.text();
            boolean runs = RUNS.matcher(t).matches()
                    || (t.equals("-u")
                            && Set.of("clone", "fetch", "pull", "ls-remote", "archive")
                                    .contains(sub))
                    || (t.matches("-x|-[a-z]*x") && sub.equals("rebase"))
                    || (t.equals("-c") && sub.equals("clone"))
                    || t.regionMatches(true, 0, "ext::", 0, 5)
                    || t.contains("::") && !t.startsWith("-");
            if (runs) sink.concern(Concern.opaque("'git " + sub + " " + t + "' can make git run another program"));
        }
        if (RUNS_SUBCOMMANDS.contains(sub)
                || (sub.equals("submodule") && has(rest, "foreach"))
                || (sub.equals("bisect") && has(rest, "run"))
                || sub.startsWith("!")) {
            sink.concern(Concern.opaque("'git " + sub + "' runs commands the analyser cannot see"));
        }
        boolean noIndex = has(rest, "--no-index");
        if (GIT_READS_NO_OPERANDS.contains(sub) && !noIndex
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
        Operation op = noIndex ? Operation.READ : Operation.WRITE;
        for (ShellToken w : CommandCatalog.operands(rest)) ProgramOptions.operand("git " + sub, w, op, sink);
        sink.cwd(Operation.WRITE, "git " + sub);
    }

    private static final Set<String> GIT_READS_NO_OPERANDS = CommandCatalog.GIT_READS;

    private static boolean has(List<ShellToken> args, String word) {
        return args.stream().anyMatch(t -> t.text().equals(word));
    }
}

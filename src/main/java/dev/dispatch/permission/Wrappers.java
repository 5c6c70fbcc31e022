package dev.dispatch.permission;

import dev.dispatch.permission.CommandAnalysis.Concern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Programs that run another program ({@code timeout -s KILL 5 cmd}, {@code env -i -C dir cmd},
 * {@code nice -n 5 cmd}, {@code sudo -u x cmd}, {@code xargs -0 cmd}…): each one's own options are
 * read from its option table, so every option that takes a value consumes it and the program that
 * really runs is found. What the options do is judged too: {@code env -C}/{@code sudo -D} move the
 * working directory, {@code time -o} writes a file, {@code env -S} and {@code flock -c} run a string
 * the analyser does not read, {@code xargs} appends arguments nobody can see. An option that is not
 * in the table is a concern: the analyser cannot tell where the wrapper's options end.
 */
final class Wrappers {
    /**
     * @param shortFlags single-letter options without a value
     * @param shortValues single-letter options with a value (attached or the next word)
     * @param shortOptional single-letter options whose value, if any, is attached
     * @param longFlags long options without a value
     * @param longValues long options with a value ({@code --x=v} or {@code --x v})
     * @param positionals words before the program ({@code timeout}'s duration, {@code flock}'s file)
     */
    record Spec(
            String shortFlags,
            String shortValues,
            String shortOptional,
            Set<String> longFlags,
            Set<String> longValues,
            int positionals) {}

    static final Set<String> OTHER_USER = Set.of(
            "sudo", "doas", "su", "pkexec", "runuser", "chroot", "setpriv", "nsenter", "unshare", "sg", "newgrp");

    static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry(
                    "timeout",
                    new Spec(
                            "v",
                            "sk",
                            "",
                            Set.of("--preserve-status", "--foreground", "--verbose"),
                            Set.of("--signal", "--kill-after"),
                            1)),
            Map.entry("nice", new Spec("", "n", "", Set.of(), Set.of("--adjustment"), 0)),
            Map.entry("nohup", new Spec("", "", "", Set.of(), Set.of(), 0)),
            Map.entry(
                    "env",
                    new Spec(
                            "i0v",
                            "uCSP",
                            "",
                            Set.of("--ignore-environment", "--null", "--debug"),
                            Set.of(
                                    "--unset",
                                    "--chdir",
                                    "--split-string",
                                    "--block-signal",
                                    "--default-signal",
                                    "--ignore-signal"),
                            0)),
            Map.entry("stdbuf", new Spec("", "ioe", "", Set.of(), Set.of("--input", "--output", "--error"), 0)),
            Map.entry(
                    "ionice",
                    new Spec(
                            "t",
                            "cnpPu",
                            "",
                            Set.of("--ignore"),
                            Set.of("--class", "--classdata", "--pid", "--pgid", "--uid"),
                            0)),
            Map.entry("setsid", new Spec("fwc", "", "", Set.of("--fork", "--wait", "--ctty"), Set.of(), 0)),
            Map.entry("chroot", new Spec("", "", "", Set.of("--skip-chdir"), Set.of("--userspec", "--groups"), 1)),
            Map.entry(
                    "flock",
                    new Spec(
                            "sxunoFv",
                            "wEc",
                            "",
                            Set.of(
                                    "--shared",
                                    "--exclusive",
                                    "--unlock",
                                    "--nonblock",
                                    "--nb",
                                    "--close",
                                    "--no-fork",
                                    "--verbose"),
                            Set.of("--timeout", "--wait", "--conflict-exit-code", "--command"),
                            1)),
            Map.entry("taskset", new Spec("ac", "p", "", Set.of("--all-tasks", "--cpu-list"), Set.of("--pid"), 1)),
            Map.entry(
                    "unshare",
                    new Spec(
                            "muinpUCTfrc",
                            "RwSG",
                            "",
                            Set.of(
                                    "--mount",
                                    "--uts",
                                    "--ipc",
                                    "--net",
                                    "--pid",
                                    "--user",
                                    "--cgroup",
                                    "--time",
                                    "--fork",
                                    "--map-root-user",
                                    "--map-current-user",
                                    "--mount-proc",
                                    "--kill-child",
                                    "--keep-caps"),
                            Set.of(
                                    "--root",
                                    "--wd",
                                    "--setuid",
                                    "--setgid",
                                    "--map-user",
                                    "--map-group",
                                    "--propagation",
                                    "--setgroups",
                                    "--map-users",
                                    "--map-groups"),
                            0)),
            Map.entry(
                    "sudo",
                    new Spec(
                            "AbEeHiKklnPSsVvBN",
                            "ugCDhprtTU",
                            "",
                            Set.of(
                                    "--askpass",
                                    "--background",
                                    "--bell",
                                    "--preserve-env",
                                    "--edit",
                                    "--set-home",
                                    "--login",
                                    "--remove-timestamp",
                                    "--reset-timestamp",
                                    "--non-interactive",
                                    "--preserve-groups",
                                    "--stdin",
                                    "--shell",
                                    "--list",
                                    "--validate"),
                            Set.of(
                                    "--user",
                                    "--group",
                                    "--close-from",
                                    "--chdir",
                                    "--host",
                                    "--prompt",
                                    "--role",
                                    "--type",
                                    "--command-timeout",
                                    "--other-user"),
                            0)),
            Map.entry("doas", new Spec("nsL", "uC", "", Set.of(), Set.of(), 0)),
            Map.entry(
                    "pkexec",
                    new Spec("", "", "", Set.of("--disable-internal-agent", "--keep-cwd"), Set.of("--user"), 0)),
            Map.entry(
                    "runuser",
                    new Spec(
                            "lmpfP",
                            "ugGcsw",
                            "",
                            Set.of("--login", "--preserve-environment", "--pty"),
                            Set.of(
                                    "--user",
                                    "--group",
                                    "--supp-group",
                                    "--command",
                                    "--shell",
                                    "--whitelist-environment"),
                            0)),
            Map.entry("command", new Spec("pvV", "", "", Set.of(), Set.of(), 0)),
            Map.entry("builtin", new Spec("", "", "", Set.of(), Set.of(), 0)),
            Map.entry("exec", new Spec("cl", "a", "", Set.of(), Set.of(), 0)),
            Map.entry(
                    "time",
                    new Spec(
                            "pavq",
                            "fo",
                            "",
                            Set.of("--portability", "--append", "--verbose", "--quiet"),
                            Set.of("--format", "--output"),
                            0)),
            Map.entry("chronic", new Spec("ev", "", "", Set.of(), Set.of(), 0)),
            Map.entry("unbuffer", new Spec("p", "", "", Set.of(), Set.of(), 0)),
            Map.entry(
                    "xargs",
                    new Spec(
                            "0rtpxo",
                            "adEILnPs",
                            "eil",
                            Set.of(
                                    "--null",
                                    "--no-run-if-empty",
                                    "--verbose",
                                    "--interactive",
                                    "--exit",
                                    "--open-tty",
                                    "--show-limits"),
                            Set.of(
                                    "--arg-file",
                                    "--delimiter",
                                    "--max-args",
                                    "--max-procs",
                                    "--max-chars",
                                    "--process-slot-var",
                                    "--eof",
                                    "--replace",
                                    "--max-lines"),
                            0)));

    private Wrappers() {}

    /** Drops wrapper programs and their options: the program that really runs, with its arguments. */
    static List<ShellToken> unwrap(List<ShellToken> words, CommandAnalyser.Sink sink) {
        List<ShellToken> argv = new ArrayList<>(words);
        while (!argv.isEmpty()) {
            String name = CommandCatalog.base(argv.get(0).text());
            Spec spec = SPECS.get(name);
            if (spec == null || argv.get(0).expands()) {
                if (OTHER_USER.contains(name))
                    sink.concern(Concern.risky("'" + name + "' runs a command as another user"
                            + " or in another root; its effects are not the ones named"));
                return argv;
            }
            if (OTHER_USER.contains(name)) {
                sink.concern(Concern.risky("'" + name + "' runs the command as another user or in another root"));
            }
            argv.remove(0);
            if (!options(name, spec, argv, sink)) return List.of();
            for (int k = 0; k < spec.positionals() && !argv.isEmpty(); k++) {
                ShellToken p = argv.remove(0);
                if (name.equals("flock")) {
                    if (p.text().matches("[0-9]+") && argv.isEmpty()) return List.of();
                    sink.word(Operation.WRITE, p, "flock " + p.text());
                    if (!argv.isEmpty() && argv.get(0).text().matches("-c|--command")) {
                        sink.concern(Concern.opaque("'flock … -c' runs a command string the analyser does not read"));
                        return List.of();
                    }
                } else if (name.equals("chroot")) {
                    sink.word(Operation.READ, p, "chroot " + p.text());
                }
            }
            if (name.equals("xargs")) {
                sink.concern(Concern.opaque("'xargs' runs "
                        + (argv.isEmpty() ? "echo" : "'" + argv.get(0).text() + "'")
                        + " with arguments read from its input, which the analyser cannot see"));
            }
            if (name.equals("sudo") || name.equals("runuser") || name.equals("doas")) {
                if (argv.isEmpty()) sink.concern(Concern.opaque("'" + name + "' starts a shell"));
            }
        }
        return argv;
    }

    /** Reads the wrapper's options off the front of argv; false when nothing runs after them (or cannot be told). */
    private static boolean options(String name, Spec spec, List<ShellToken> argv, CommandAnalyser.Sink sink) {
        while (!argv.isEmpty()) {
            ShellToken tok = argv.get(0);
            String t = tok.text();
            if (name.equals("env") && ShellParser.isAssignment(t)) {
                sink.assignment(argv.remove(0));
                continue;
            }
            if (t.equals("--")) {
                argv.remove(0);
                return true;
            }
            if (name.equals("env") && t.equals("-")) {
                argv.remove(0);
                continue;
            }
            if (name.equals("nice") && t.matches("--?-?[0-9]+")) {
                argv.remove(0);
                continue;
            }
            if (!t.startsWith("-") || t.equals("-") || tok.expands()) return true;
            argv.remove(0);
            if (t.startsWith("--")) {
                int eq = t.indexOf('=');
                String key = eq < 0 ? t : t.substring(0, eq);
                if (spec.longValues().contains(key)) {
                    ShellToken value = eq >= 0 ? tok.drop(eq + 1) : (argv.isEmpty() ? null : argv.remove(0));
                    if (!value(name, key, value, sink)) return false;
                } else if (!spec.longFlags().contains(key)) {
                    unknown(name, t, sink);
                }
                continue;
            }
            for (int k = 1; k < t.length(); k++) {
                char c = t.charAt(k);
                if (spec.shortValues().indexOf(c) >= 0) {
                    ShellToken value = k + 1 < t.length() ? tok.drop(k + 1) : (argv.isEmpty() ? null : argv.remove(0));
                    if (!value(name, "-" + c, value, sink)) return false;
                    break;
                } else if (spec.shortOptional().indexOf(c) >= 0) {
                    break;
                } else if (spec.shortFlags().indexOf(c) < 0) {
                    unknown(name, t, sink);
                    break;
                } else if (!flag(name, c, argv, sink)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void unknown(String name, String option, CommandAnalyser.Sink sink) {
        sink.concern(Concern.opaque("'" + name + " " + option
                + "' is an option the analyser does not know, so it cannot" + " tell which program runs"));
    }

    /** A flag with an effect; false when no program runs after it. */
    private static boolean flag(String name, char c, List<ShellToken> argv, CommandAnalyser.Sink sink) {
        if (name.equals("command") && (c == 'v' || c == 'V')) return false;
        if ((name.equals("sudo") && (c == 's' || c == 'i')) || (name.equals("doas") && c == 's')) {
            sink.concern(Concern.opaque("'" + name + " -" + c + "' runs the command through a shell"));
        }
        if (name.equals("sudo") && c == 'e') {
            for (ShellToken a : argv)
                if (!a.text().startsWith("-")) sink.word(Operation.WRITE, a, "sudo -e " + a.text());
        }
        return true;
    }

    /** An option's value; false when no program runs after it (or the analyser cannot read what runs). */
    private static boolean value(String name, String key, ShellToken value, CommandAnalyser.Sink sink) {
        if (value == null) {
            sink.concern(Concern.opaque("'" + name + " " + key + "' has no value"));
            return false;
        }
        String source = name + " " + key + " " + value.text();
        switch (name + " " + key) {
            case "env -C", "env --chdir", "sudo -D", "sudo --chdir", "unshare -w", "unshare --wd" -> {
                Path dir = sink.resolve(value, source);
                if (dir != null) sink.use(Operation.READ, dir, source);
                sink.cwd = dir;
            }
            case "env -S", "env --split-string" -> {
                sink.concern(Concern.opaque("'env -S' splits a string into a command the analyser does not read"));
                return false;
            }
            case "env -P" -> sink.concern(Concern.opaque("'env -P' searches another PATH for the program"));
            case "env -u", "env --unset" -> sink.variable(value.text());
            case "time -o", "time --output" -> sink.word(Operation.WRITE, value, source);
            case "xargs -a", "xargs --arg-file" -> sink.word(Operation.READ, value, source);
            case "flock -c", "flock --command", "runuser -c", "runuser --command" -> {
                sink.concern(
                        Concern.opaque("'" + name + " " + key + "' runs a command string the analyser does not read"));
                return false;
            }
            case "ionice -p",
                    "ionice -P",
                    "ionice -u",
                    "ionice --pid",
                    "ionice --pgid",
                    "ionice --uid",
                    "taskset -p",
                    "taskset --pid" -> {
                return false;
            }
            case "unshare -R", "unshare --root" -> sink.word(Operation.READ, value, source);
            default -> {
                // a plain value (a signal, a duration, a user): nothing to judge
            }
        }
        return true;
    }
}

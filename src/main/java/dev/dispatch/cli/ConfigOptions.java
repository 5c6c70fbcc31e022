package dev.dispatch.cli;

import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ConfigProblem;
import dev.dispatch.config.FlagValue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --set KEY=VALUE}: the flag layer of the config, for commands that load it. */
public final class ConfigOptions {
    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a setting for this run (highest layer), e.g. --set store.lock_wait=30s.")
    List<String> sets = new ArrayList<>();

    /** A loader over the command's environment, data dir and flags. */
    public ConfigLoader loader(CommandSpec spec) {
        Environment.Snapshot env = Environment.current();
        return new ConfigLoader(Cli.globals(spec).dirs(), env.vars(), env.cwd()).withFlags(flags());
    }

    private List<FlagValue> flags() {
        List<FlagValue> out = new ArrayList<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new CliException(ExitCode.USAGE, "--set expects KEY=VALUE, got '" + s + "'");
            out.add(new FlagValue(
                    s.substring(0, eq).trim(),
                    s.substring(eq + 1),
                    "--set " + s.substring(0, eq).trim()));
        }
        return out;
    }

    /** Prints every problem, one per line, the way compilers do, so editors can jump to them. */
    static void print(List<ConfigProblem> problems, PrintWriter err) {
        for (ConfigProblem p : problems) err.println(p);
        err.flush();
    }
}

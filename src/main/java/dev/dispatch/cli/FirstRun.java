package dev.dispatch.cli;

import dev.dispatch.app.ModelSetup;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The first-run guard of the faces that start agents (workbench, chat, run): with no {@code --model}
 * or {@code --tag} and no default model configured, they say what to write and where
 * ({@link ModelSetup}) before opening an engine, instead of failing on the first prompt. A config
 * that does not load is left to the engine, whose error names each problem.
 */
final class FirstRun {
    private FirstRun() {}

    /** The advice lines when an agent started in {@code cwd} without a model choice would have no model. */
    static List<String> advice(CommandSpec spec, String cwd) {
        Environment.Snapshot env = Environment.current();
        Path dir = cwd == null ? env.cwd() : env.cwd().resolve(cwd);
        var dirs = Cli.globals(spec).dirs();
        Config config;
        try {
            config = new ConfigLoader(dirs, env.vars(), dir).load();
        } catch (ConfigException | IllegalArgumentException unreadable) {
            return List.of();
        }
        return ModelSetup.noDefault(dirs, env.vars(), config);
    }

    /** Exit 1 with the advice when there is no model to run (none given, none configured). */
    static void require(CommandSpec spec, String cwd, String model, String tag) {
        if (model != null || tag != null) return;
        List<String> advice = advice(spec, cwd);
        if (!advice.isEmpty()) throw new CliException(ExitCode.ERROR, String.join("\n", advice));
    }
}

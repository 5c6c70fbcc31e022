package dev.dispatch.cli;

import dev.dispatch.app.ModelSetup;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
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
        return advice(Cli.globals(spec).dirs(), cwd);
    }

    /** {@link #advice(CommandSpec, String)} for the data dirs {@code dirs}. */
    static List<String> advice(Dirs dirs, String cwd) {
        Environment.Snapshot env = Environment.current();
        Path dir = cwd == null ? env.cwd() : env.cwd().resolve(cwd);
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
        require(Cli.globals(spec).dirs(), cwd, model, tag);
    }

    /** {@link #require(CommandSpec, String, String, String)} for the data dirs {@code dirs}. */
    static void require(Dirs dirs, String cwd, String model, String tag) {
        if (model != null || tag != null) return;
        List<String> advice = advice(dirs, cwd);
        if (!advice.isEmpty()) throw new CliException(ExitCode.ERROR, String.join("\n", advice));
    }
}

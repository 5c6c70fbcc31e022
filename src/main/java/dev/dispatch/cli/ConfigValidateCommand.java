package dev.dispatch.cli;

import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ConfigProblem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch config validate [FILE]}: exit 0 with "ok: …", or 1 with every problem, one per line. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check the merged config, or one FILE on its own.",
            "",
            "A FILE named dispatch.yaml is checked with the project rules (no providers, keys or secrets);",
            "any other file as a user config. Exit 0 when valid; 1 with each problem on its own line",
            "(file:line:column: message); 3 when FILE does not exist."
        })
public final class ConfigValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A config file to check alone.")
    Path file;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConfigLoader loader = options.loader(spec);
        List<ConfigProblem> problems;
        String okMessage;
        if (file != null) {
            Path f = Environment.current().cwd().resolve(file);
            if (!Files.isRegularFile(f)) throw new CliException(ExitCode.NOT_FOUND, "no such file: " + file);
            problems = loader.validateFile(f);
            okMessage = "ok: " + file;
        } else {
            try {
                Config config = loader.load();
                problems = List.of();
                okMessage = config.sources().isEmpty()
                        ? "ok: defaults only (no config files)"
                        : "ok: " + config.sources().stream().map(Path::toString).collect(Collectors.joining(", "));
            } catch (ConfigException e) {
                problems = e.problems();
                okMessage = null;
            }
        }
        if (!problems.isEmpty()) {
            ConfigOptions.print(problems, spec.commandLine().getErr());
            return ExitCode.ERROR.code();
        }
        out.println(okMessage);
        out.flush();
        return ExitCode.OK.code();
    }
}

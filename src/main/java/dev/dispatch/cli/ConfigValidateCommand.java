package dev.dispatch.cli;

import dev.dispatch.app.PermissionExplainer;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ConfigProblem;
import dev.dispatch.protocol.PermissionOps;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch config validate [FILE]}: exit 0 with "ok: …" and, for the merged config, how each
 * permission rule was read (a path glob and the absolute glob it stands for, or a command pattern), or
 * 1 with every problem, one per line.
 *
 * <p>JSON shape: {@code {"ok": bool, "sources": [..], "problems": [..], "rules": [{"list", "rule", "kind",
 * "readAs"}]}} ({@code rules} empty when FILE is given).
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check the merged config, or one FILE on its own.",
            "",
            "A FILE named dispatch.yaml is checked with the project rules (no providers, keys or secrets);",
            "any other file as a user config. Exit 0 when valid; 1 with each problem on its own line",
            "(file:line:column: message); 3 when FILE does not exist.",
            "",
            "Without FILE it then shows how each permissions rule was read, e.g.",
            "  permissions.deny 'target/**' → path glob: /home/me/app/target/**",
            "  permissions.deny 'git push*' → command pattern: git push*",
            "Relative path globs are relative to the project directory (the current one)."
        })
public final class ConfigValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A config file to check alone.")
    Path file;

    @Mixin
    ConfigOptions options;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConfigLoader loader = options.loader(spec);
        List<ConfigProblem> problems;
        String okMessage;
        List<Path> sources = List.of();
        List<PermissionOps.RuleReading> rules = List.of();
        if (file != null) {
            Path f = Environment.current().cwd().resolve(file);
            if (!Files.isRegularFile(f)) throw new CliException(ExitCode.NOT_FOUND, "no such file: " + file);
            problems = loader.validateFile(f);
            okMessage = "ok: " + file;
        } else {
            try {
                Config config = loader.load();
                problems = List.of();
                sources = config.sources();
                rules = PermissionExplainer.readings(
                        config, Environment.current().vars(), projectRoot());
                okMessage = config.sources().isEmpty()
                        ? "ok: defaults only (no config files)"
                        : "ok: " + config.sources().stream().map(Path::toString).collect(Collectors.joining(", "));
            } catch (ConfigException e) {
                problems = e.problems();
                okMessage = null;
            }
        }
        if (json.enabled()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("ok", problems.isEmpty());
            o.put(
                    "sources",
                    (file != null ? List.of(file) : sources)
                            .stream().map(Path::toString).toList());
            o.put("problems", problems.stream().map(ConfigProblem::toString).toList());
            o.put("rules", rules);
            PermissionCommand.printJson(out, o);
            out.flush();
            return problems.isEmpty() ? ExitCode.OK.code() : ExitCode.ERROR.code();
        }
        if (!problems.isEmpty()) {
            ConfigOptions.print(problems, spec.commandLine().getErr());
            return ExitCode.ERROR.code();
        }
        out.println(okMessage);
        for (PermissionOps.RuleReading r : rules) out.println(PermissionExplainCommand.reading(r));
        out.flush();
        return ExitCode.OK.code();
    }

    /** What relative rules are relative to: the project directory, as an agent started here gets it. */
    private static Path projectRoot() {
        Path cwd = Environment.current().cwd();
        try {
            return cwd.toRealPath();
        } catch (java.io.IOException e) {
            return cwd;
        }
    }
}

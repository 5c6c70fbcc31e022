package dev.dispatch.cli;

import dev.dispatch.protocol.ModelOps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch models}: each configured model with its tags, the key that would pay for its next
 * call, and each key's state and budget. JSON: {@link ModelOps.ModelsResult}.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "List models: tags, key status, budget used/remaining, and which key is active.",
            "",
            "  dispatch models",
            "  dispatch models resolve --tag heavy"
        },
        subcommands = {ModelsResolveCommand.class})
public final class ModelsCommand implements Callable<Integer> {
    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelOps.ModelsResult r = EngineQuery.ask(spec, ModelOps.ListModels::new);
        if (json.enabled()) {
            EngineQuery.printJson(spec, r);
            return ExitCode.OK.code();
        }
        if (r.models().isEmpty()) {
            spec.commandLine()
                    .getOut()
                    .println("no models configured: add models: to "
                            + Cli.globals(spec).dirs().userConfigFile());
            return ExitCode.OK.code();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("MODEL", "PROVIDER", "TAGS", "ACTIVE KEY", "KEYS"));
        for (ModelOps.ModelRow m : r.models()) {
            List<String> keys = new ArrayList<>();
            for (ModelOps.KeyRow k : m.keys()) keys.add(k.id() + " " + k.status() + KeysCommand.budgetText(k));
            rows.add(List.of(
                    m.id(),
                    m.provider() + "/" + m.name(),
                    m.tags().isEmpty() ? "-" : String.join(",", m.tags()),
                    m.activeKey() == null ? "none" : m.activeKey(),
                    keys.isEmpty() ? "-" : String.join("; ", keys)));
        }
        spec.commandLine().getOut().print(EngineQuery.table(rows));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}

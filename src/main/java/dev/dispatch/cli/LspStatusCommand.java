package dev.dispatch.cli;

import dev.dispatch.protocol.LspOps;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dispatch lsp status}: each server the project uses, its state and why. JSON: {@link LspOps.StatusResult}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the project's language servers: running, starting, restarting, failed (gave up after",
            "repeated crashes), not_installed (names the package to install) or not_started."
        })
public final class LspStatusCommand implements Callable<Integer> {
    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return print(spec, json, EngineQuery.ask(spec, LspOps.LspStatus::new));
    }

    /** The status as a table and a line of why for each server not running (or JSON). */
    static Integer print(CommandSpec spec, JsonMixin json, LspOps.StatusResult r) {
        if (json.enabled()) {
            EngineQuery.printJson(spec, r);
            return ExitCode.OK.code();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!r.enabled()) out.println("language servers are off for " + r.projectRoot() + " (lsp.enabled: false)");
        else if (r.servers().isEmpty())
            out.println("no language server for " + r.projectRoot()
                    + ": no project file or source file of a known language (see docs/lsp.md)");
        else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("SERVER", "STATE", "PID", "FILES", "COMMAND"));
            for (LspOps.ServerRow s : r.servers())
                rows.add(List.of(
                        s.name(),
                        s.state(),
                        s.pid() == null ? "-" : String.valueOf(s.pid()),
                        String.valueOf(s.openFiles()),
                        s.command()));
            out.print(EngineQuery.table(rows));
            for (LspOps.ServerRow s : r.servers()) if (s.detail() != null) out.println(s.name() + ": " + s.detail());
        }
        PrintWriter err = spec.commandLine().getErr();
        for (String problem : r.problems()) err.println("warning: " + problem);
        out.flush();
        err.flush();
        return ExitCode.OK.code();
    }
}

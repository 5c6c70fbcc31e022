package dev.dispatch.cli;

import dev.dispatch.protocol.LspOps;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch lsp diagnostics [FILE]}: the errors and warnings the project's servers report, for
 * one file or every file they know. JSON: {@link LspOps.DiagnosticsResult}.
 */
@Command(
        name = "diagnostics",
        mixinStandardHelpOptions = true,
        description = {
            "Show the errors and warnings the project's language servers report (file:line:column,",
            "1-based), for FILE (opened in its server and waited for) or for every file they know."
        })
public final class LspDiagnosticsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A source file (default: all).")
    String file;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Environment.Snapshot env = Environment.current();
        String path = file == null ? null : env.cwd().resolve(file).toString();
        LspOps.DiagnosticsResult r = EngineQuery.ask(spec, cwd -> new LspOps.LspDiagnostics(cwd, path));
        if (json.enabled()) {
            EngineQuery.printJson(spec, r);
            return ExitCode.OK.code();
        }
        PrintWriter out = spec.commandLine().getOut();
        for (LspOps.DiagnosticRow d : r.diagnostics())
            out.println(d.file() + ":" + d.line() + ":" + d.column() + ": " + d.severity() + ": "
                    + (d.code() == null ? "" : d.code() + ": ")
                    + d.message().strip().replaceAll("\\s*\\n\\s*", " ")
                    + (d.source() == null ? "" : " [" + d.source() + "]"));
        out.println(r.errors()
                + (r.errors() == 1 ? " error, " : " errors, ")
                + r.warnings()
                + (r.warnings() == 1 ? " warning" : " warnings"));
        PrintWriter err = spec.commandLine().getErr();
        for (String note : r.notes()) err.println("note: " + note);
        out.flush();
        err.flush();
        return ExitCode.OK.code();
    }
}

package dev.dispatch.cli;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.Op;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * For read-only commands: gets the engine through {@link EngineAccess} (the running owner when one
 * answers, so these commands work beside a daemon or a session), submits one op built from the
 * project directory, returns the answer, and prints answers as JSON for {@code --json}.
 */
final class EngineQuery {
    private EngineQuery() {}

    static <R> R ask(CommandSpec spec, Function<String, Op<R>> op) {
        Environment.Snapshot env = Environment.current();
        try (Engine engine = EngineAccess.oneShot(spec)) {
            return engine.submit(op.apply(env.cwd().toString()));
        }
    }

    static void printJson(CommandSpec spec, Object answer) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException(ExitCode.ERROR, "cannot write JSON: " + e.getOriginalMessage());
        }
        out.flush();
    }

    /** Pads columns to the widest cell; the last column is not padded. */
    static String table(java.util.List<java.util.List<String>> rows) {
        int cols = rows.get(0).size();
        int[] w = new int[cols];
        for (var r : rows)
            for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r.get(i).length());
        StringBuilder b = new StringBuilder();
        for (var r : rows) {
            for (int i = 0; i < cols; i++) {
                b.append(i == cols - 1 ? r.get(i) : String.format("%-" + (w[i] + 2) + "s", r.get(i)));
            }
            b.append('\n');
        }
        return b.toString();
    }
}

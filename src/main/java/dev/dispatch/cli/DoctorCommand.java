package dev.dispatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch doctor}: checks the installation and prints one ✓/✗/– line per check.
 *
 * <p>JSON shape: {@code {"ok": bool, "checks": [{"name", "status": "ok"|"fail"|"warn"|"info", "detail", "notes": [..]}]}}.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check the JDK, data directory, store, config, model, daemon and optional tools.",
            "",
            "✓ fine   ✗ broken (exit 1)   ! needs your action: no model configured means no agent can",
            "start (task queues, locks and messages still work), and the notes say what to write where",
            "– information: a missing optional tool or a stopped daemon is not a failure.",
            "Exit 0 when everything required is fine."
        })
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    JsonMixin json;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DoctorChecks checks =
                new DoctorChecks(Cli.globals(spec).dirs(), Environment.current().vars());
        List<DoctorCheck> results = checks.all(options.loader(spec));
        boolean ok = results.stream().noneMatch(c -> c.status() == DoctorCheck.Status.FAIL);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled())
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(results, ok)));
        else out.print(text(results));
        out.flush();
        return ok ? ExitCode.OK.code() : ExitCode.ERROR.code();
    }

    static String text(List<DoctorCheck> results) {
        int w = results.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (DoctorCheck c : results) {
            sb.append(c.status().mark)
                    .append(' ')
                    .append(String.format("%-" + w + "s", c.name()))
                    .append("  ")
                    .append(c.detail())
                    .append('\n');
            for (String note : c.notes()) sb.append("    ").append(note).append('\n');
        }
        return sb.toString();
    }

    private static ObjectNode toJson(List<DoctorCheck> results, boolean ok) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("ok", ok);
        ArrayNode arr = root.putArray("checks");
        for (DoctorCheck c : results) {
            ObjectNode n = arr.addObject();
            n.put("name", c.name());
            n.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
            n.put("detail", c.detail());
            ArrayNode notes = n.putArray("notes");
            c.notes().forEach(notes::add);
        }
        return root;
    }
}

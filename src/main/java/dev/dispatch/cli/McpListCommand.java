package dev.dispatch.cli;

import dev.dispatch.protocol.McpOps;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch mcp list}: the MCP servers under {@code mcp_servers:} as the engine sees them for this
 * project (through the running owner when there is one): where each is declared, whether it may start,
 * its status and its tools by the names agents call them. JSON: {@link McpOps.McpServersResult}.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the MCP servers in dispatch.yaml (mcp_servers:) whose tools agents get: where each is declared,",
            "trusted or not, its status (running, failed: reason, untrusted, disabled) and its tools (server__tool).",
            "Trusted, enabled servers are started to list their tools."
        })
public final class McpListCommand implements Callable<Integer> {
    @Option(
            names = "--project",
            paramLabel = "DIR",
            description = "The project whose config applies (default: the current directory).")
    String project;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String dir = McpTrustCommand.projectDir(project);
        McpOps.McpServersResult r = EngineQuery.ask(spec, cwd -> new McpOps.ListMcpServers(dir == null ? cwd : dir));
        if (json.enabled()) {
            EngineQuery.printJson(spec, r);
            return ExitCode.OK.code();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (r.servers().isEmpty()) {
            out.println("no MCP servers: add them under mcp_servers: in dispatch.yaml (see docs/mcp.md)");
            out.flush();
            return ExitCode.OK.code();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "DECLARED", "TRUSTED", "STATUS", "TOOLS", "COMMAND/URL"));
        for (McpOps.McpServerRow s : r.servers()) {
            rows.add(List.of(
                    s.name(),
                    s.declaredIn(),
                    s.trusted() ? "yes" : "no",
                    s.status(),
                    s.status().equals("running") ? String.valueOf(s.tools().size()) : "-",
                    s.target()));
        }
        out.print(EngineQuery.table(rows));
        for (McpOps.McpServerRow s : r.servers()) {
            if (!s.detail().isEmpty()) out.println(s.name() + ": " + s.status() + ": " + s.detail());
            for (McpOps.McpToolRow t : s.tools()) out.println("  " + t.name() + firstLine(t.description()));
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static String firstLine(String d) {
        if (d == null || d.isBlank()) return "";
        String line = d.strip().lines().findFirst().orElse("");
        return " — " + (line.length() > 100 ? line.substring(0, 97) + "…" : line);
    }
}

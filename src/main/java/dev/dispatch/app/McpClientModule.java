package dev.dispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.config.Config;
import dev.dispatch.config.McpServerConfig;
import dev.dispatch.mcp.JsonRpc;
import dev.dispatch.mcp.McpClient;
import dev.dispatch.mcp.McpToolNames;
import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.McpOps;
import dev.dispatch.tool.ToolContext;
import dev.dispatch.tool.ToolFailure;
import dev.dispatch.tool.ToolResult;
import dev.dispatch.tool.ToolSource;
import dev.dispatch.tool.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The MCP client side of the engine (issue 21): the tools of the servers under {@code mcp_servers:} for
 * Dispatch's agents, named {@code server__tool}, each call asked through the permission gate like any
 * tool's ({@link PermissionRequest#mcp}); a server a project declares starts only once the user approved
 * it ({@link McpTrust}). Also answers {@link McpOps}: {@code dispatch mcp list} and {@code mcp trust}.
 */
final class McpClientModule implements ToolSource, AutoCloseable {
    /** Longest tool result text handed to the model. */
    static final int MAX_TEXT = 100_000;

    /** Where a namespaced tool goes. */
    private record Target(McpServerConfig server, String tool) {}

    private final Function<Path, Config> configs;
    private final dev.dispatch.config.Dirs dirs;
    private final Map<String, String> env;
    private final McpTrust trust;
    private final McpConnections connections;
    /** Per project root: the namespaced names handed out, and where each goes. */
    private final Map<Path, Map<String, Target>> names = new ConcurrentHashMap<>();

    /**
     * @param configs the live config of a project (what agents work with, reloaded as files change)
     */
    McpClientModule(
            dev.dispatch.config.Dirs dirs,
            Map<String, String> env,
            Function<Path, Config> configs,
            String clientVersion) {
        this.dirs = dirs;
        this.env = env;
        this.configs = configs;
        this.trust = new McpTrust(dirs.state());
        this.connections = new McpConnections(clientVersion);
    }

    void register(OpRouter router) {
        router.on(McpOps.ListMcpServers.class, op -> list(AgentModule.projectRoot(op.cwd())))
                .on(McpOps.TrustMcpServer.class, op -> trust(AgentModule.projectRoot(op.cwd()), op.name()));
    }

    private List<McpServerConfig> servers(Path root) {
        return McpServerConfig.from(configs.apply(root));
    }

    /**
     * The servers as the files say now: {@code mcp trust} approves what the person just read in the file,
     * and {@code mcp list} shows it, even in a project no agent ran in yet (whose config nobody watches).
     */
    private List<McpServerConfig> serversNow(Path root) {
        try {
            return McpServerConfig.from(new dev.dispatch.config.ConfigLoader(dirs, env, root).load());
        } catch (dev.dispatch.config.ConfigException e) {
            throw EngineException.invalid("invalid configuration:\n"
                    + String.join(
                            "\n",
                            e.problems().stream()
                                    .map(dev.dispatch.config.ConfigProblem::toString)
                                    .toList()));
        }
    }

    /** The tools of every enabled, trusted server of the project, its servers started side by side. */
    @Override
    public List<ToolSpec> specs(Path root) {
        List<McpServerConfig> usable = servers(root).stream()
                .filter(McpServerConfig::enabled)
                .filter(s -> trust.trusted(root, s))
                .toList();
        if (usable.isEmpty()) return List.of();
        List<ToolSpec> out = new ArrayList<>();
        Map<String, Target> map = new ConcurrentHashMap<>();
        Set<String> taken = new HashSet<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<McpConnections.Slot>> started = new ArrayList<>();
            for (McpServerConfig s : usable) started.add(pool.submit(() -> connections.connected(root, s)));
            for (int i = 0; i < usable.size(); i++) {
                McpConnections.Slot slot;
                try {
                    slot = started.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    continue; // reported by 'dispatch mcp list'; the agent works without that server
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                for (McpClient.ToolInfo t : slot.tools) {
                    String name = McpToolNames.of(slot.config.name(), t.name(), taken);
                    taken.add(name);
                    map.put(name, new Target(slot.config, t.name()));
                    out.add(new ToolSpec(name, description(slot.config, t), schema(t.inputSchema())));
                }
            }
        }
        names.merge(root, map, (a, b) -> {
            Map<String, Target> m = new ConcurrentHashMap<>(a);
            m.putAll(b);
            return m;
        });
        return out;
    }

    @Override
    public Optional<ToolResult> call(String name, String argumentsJson, ToolContext ctx) throws InterruptedException {
        Path root = ctx.projectRoot();
        Map<String, Target> map = names.get(root);
        Target target = map == null ? null : map.get(name);
        if (target == null) return Optional.empty();
        // the config may have changed since the tools were offered: use the server as declared now
        McpServerConfig server = servers(root).stream()
                .filter(s -> s.name().equals(target.server().name()))
                .findFirst()
                .orElse(null);
        if (server == null || !server.enabled())
            return Optional.of(ToolResult.error("MCP server '" + target.server().name() + "' is no longer "
                    + (server == null ? "configured" : "enabled") + " in dispatch.yaml"));
        if (!trust.trusted(root, server))
            return Optional.of(ToolResult.error("MCP server '" + server.name() + "' changed in the project's"
                    + " dispatch.yaml and is not trusted as it is now; the user can approve it with 'dispatch mcp trust "
                    + server.name() + "'"));
        JsonNode args;
        try {
            args = argumentsJson == null || argumentsJson.isBlank()
                    ? JsonNodeFactory.instance.objectNode()
                    : JsonRpc.tree(argumentsJson.getBytes(StandardCharsets.UTF_8));
        } catch (JsonRpc.Failure e) {
            return Optional.of(ToolResult.error("invalid arguments for " + name + ": " + e.getMessage()));
        }
        if (!args.isObject())
            return Optional.of(ToolResult.error("invalid arguments for " + name + ": expected a JSON object"));
        try {
            ctx.require(PermissionRequest.mcp(
                    name, root, "call the tool '" + target.tool() + "' of the MCP server '" + server.name() + "'"));
        } catch (ToolFailure denied) {
            return Optional.of(ToolResult.error(denied.getMessage()));
        }
        return Optional.of(run(root, server, name, target.tool(), args));
    }

    private ToolResult run(Path root, McpServerConfig server, String name, String tool, JsonNode args)
            throws InterruptedException {
        McpConnections.Slot slot;
        try {
            slot = connections.connected(root, server);
        } catch (McpClient.Failure e) {
            return ToolResult.error(name + " failed: " + e.getMessage());
        }
        McpClient client = slot.client;
        if (client == null)
            return ToolResult.error(name + " failed: MCP server '" + server.name() + "' is not running");
        JsonNode result;
        try {
            result = client.callTool(tool, args, server.timeout());
        } catch (McpClient.Failure e) {
            boolean timedOut = client.alive();
            // a server that let a call time out may be stuck: stop it, the next use starts it afresh
            if (timedOut) connections.stop(root, server, e.getMessage());
            return ToolResult.error(name + " failed: MCP server '" + server.name() + "': " + e.getMessage()
                    + (timedOut ? "; the server was stopped" : "") + "; it is started again on the next call");
        }
        String text = McpResults.text(result);
        if (text.length() > MAX_TEXT) text = text.substring(0, MAX_TEXT) + "\n[truncated: " + text.length() + " chars]";
        return result.path("isError").asBoolean(false)
                ? ToolResult.error(name + " reported an error: " + text, Map.of("mcp_server", server.name()))
                : ToolResult.ok(text, Map.of("mcp_server", server.name()));
    }

    private static String description(McpServerConfig server, McpClient.ToolInfo t) {
        String d = t.description().isBlank() ? t.name() : t.description().strip();
        return "[tool '" + t.name() + "' of the MCP server '" + server.name() + "'] " + d;
    }

    private static ObjectNode schema(JsonNode given) {
        if (given instanceof ObjectNode o && "object".equals(o.path("type").asText())) {
            ObjectNode copy = o.deepCopy();
            copy.remove("$schema"); // some providers refuse a schema that names its dialect
            return copy;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "object");
        return o;
    }

    private McpOps.McpServersResult list(Path root) {
        List<McpOps.McpServerRow> rows = new ArrayList<>();
        for (McpServerConfig s : serversNow(root)) {
            boolean trusted = trust.trusted(root, s);
            String status;
            String detail = "";
            List<McpOps.McpToolRow> tools = List.of();
            if (!s.enabled()) {
                status = "disabled";
                detail = "enabled: false in dispatch.yaml";
            } else if (!trusted) {
                status = "untrusted";
                detail = "declared by the project; approve it with 'dispatch mcp trust " + s.name() + "'";
            } else {
                try {
                    McpConnections.Slot slot = connections.connected(root, s);
                    status = "running";
                    Set<String> taken = new HashSet<>();
                    List<McpOps.McpToolRow> out = new ArrayList<>();
                    for (McpClient.ToolInfo t : slot.tools) {
                        String n = McpToolNames.of(s.name(), t.name(), taken);
                        taken.add(n);
                        out.add(new McpOps.McpToolRow(n, t.name(), t.description()));
                    }
                    tools = out;
                } catch (McpClient.Failure e) {
                    status = "failed";
                    detail = e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw EngineException.invalid("interrupted while starting MCP server '" + s.name() + "'");
                }
            }
            rows.add(new McpOps.McpServerRow(
                    s.name(),
                    s.isStdio() ? "stdio" : "http",
                    s.describe(),
                    s.project() ? "project" : "user",
                    s.declaredAt(),
                    trusted,
                    status,
                    detail,
                    tools));
        }
        return new McpOps.McpServersResult(rows);
    }

    private Ack trust(Path root, String name) {
        List<McpServerConfig> all = serversNow(root);
        McpServerConfig s = all.stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        EngineException.notFound("no MCP server '" + name + "' in the config of " + root + "; servers: "
                                + all.stream().map(McpServerConfig::name).toList()));
        if (!s.project())
            return Ack.ok("MCP server '" + name + "' is declared in your user config: it is trusted already");
        trust.trust(root, s);
        return Ack.ok("trusted MCP server '" + name + "' of " + root + " as it is declared now: " + s.describe()
                + " (a change to it needs a new 'dispatch mcp trust')");
    }

    @Override
    public void close() {
        connections.close();
    }
}

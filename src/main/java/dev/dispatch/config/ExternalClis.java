package dev.dispatch.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog of external agent CLIs {@code dispatch spawn --cli NAME} knows: built-in start-up flags
 * for Claude Code, Codex, aider and a plain shell, each replaceable (and more addable) under
 * {@code external_clis} in the user config. Placeholders in a command: {@code {mcp_config}} (the MCP
 * config file Dispatch writes for the agent) and {@code {name}} (the agent's name).
 */
public final class ExternalClis {
    /** How a spawn prompt reaches the CLI. */
    public static final List<String> PROMPT_MODES = List.of("arg", "paste", "env", "exec");

    /**
     * One CLI: its command, how the prompt reaches it, the line that asks it to quit, and a regex for its
     * last screen line while it waits for input (empty: unknown).
     */
    public record ExternalCli(String name, List<String> command, String prompt, String exit, String waiting) {}

    private static final Map<String, ExternalCli> BUILT_IN = build();

    private ExternalClis() {}

    /** The built-in entries, by name. */
    public static Map<String, ExternalCli> builtIn() {
        return BUILT_IN;
    }

    private static Map<String, ExternalCli> build() {
        Map<String, ExternalCli> m = new LinkedHashMap<>();
        // Claude Code: --mcp-config adds Dispatch's MCP server; a positional prompt starts the session with it
        m.put(
                "claude",
                new ExternalCli(
                        "claude", List.of("claude", "--mcp-config", "{mcp_config}"), "arg", "/exit", "^\\s*[>│].*$"));
        // Codex: its push channel, one 'codex exec --json' run per prompt resuming one session (fleet/ExecTurns).
        // MCP servers are config keys (-c); Codex passes a server only the environment variables named in
        // env_vars, and 'required' makes it wait for the server's tools before the first model request
        m.put(
                "codex",
                new ExternalCli(
                        "codex",
                        List.of(
                                "codex",
                                "exec",
                                "--json",
                                "-c",
                                "mcp_servers.dispatch.command=\"dispatch\"",
                                "-c",
                                "mcp_servers.dispatch.args=[\"mcp\",\"serve\"]",
                                "-c",
                                "mcp_servers.dispatch.env_vars=[\"DISPATCH_AGENT_TOKEN\",\"DISPATCH_AGENT\","
                                        + "\"DISPATCH_SPACE\",\"DISPATCH_URL\",\"DISPATCH_HOME\"]",
                                "-c",
                                "mcp_servers.dispatch.required=true"),
                        "exec",
                        "",
                        ""));
        // aider: no MCP; the prompt is typed into its chat once it starts
        m.put("aider", new ExternalCli("aider", List.of("aider"), "paste", "/exit", "^.*> ?$"));
        m.put(
                "shell",
                new ExternalCli(
                        "shell", List.of("bash", "--noprofile", "--norc", "-i"), "paste", "exit", "^.*[$#] ?$"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The built-in entries with the config's {@code external_clis} laid over them. */
    public static Map<String, ExternalCli> from(Config config) {
        Map<String, ExternalCli> out = new LinkedHashMap<>(builtIn());
        if (config == null) return out;
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (ConfigValue v : config.values()) {
            if (!v.key().startsWith("external_clis.")) continue;
            String rest = v.key().substring("external_clis.".length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) continue;
            byName.computeIfAbsent(rest.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(rest.substring(dot + 1), v.value());
        }
        byName.forEach((name, f) -> {
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) f.get("command");
            if (command == null || command.isEmpty()) return;
            out.put(
                    name,
                    new ExternalCli(
                            name,
                            List.copyOf(command),
                            str(f.get("prompt"), "paste"),
                            str(f.get("exit"), ""),
                            str(f.get("waiting"), "")));
        });
        return out;
    }

    private static String str(Object o, String def) {
        return o instanceof String s ? s : def;
    }
}

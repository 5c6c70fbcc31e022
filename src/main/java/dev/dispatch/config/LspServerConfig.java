package dev.dispatch.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code lsp.servers.NAME} entry of the user config: what it overrides of the built-in server of
 * that name (or everything, for a new one). Empty fields keep the built-in value.
 */
public record LspServerConfig(
        String name,
        Optional<String> command,
        Optional<List<String>> args,
        Optional<List<String>> extensions,
        Optional<List<String>> rootMarkers,
        Map<String, String> env,
        boolean enabled) {
    public LspServerConfig {
        env = Map.copyOf(env);
    }
}

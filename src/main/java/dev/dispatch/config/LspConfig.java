package dev.dispatch.config;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code lsp} section: whether a project gets language servers, the two halves agents see (the
 * diagnostics an edit's result carries, the navigation tools), how long to wait, and the user's
 * {@code lsp.servers} overrides by name.
 */
public record LspConfig(
        boolean enabled,
        boolean diagnosticsAfterEdit,
        boolean navigationTools,
        Duration diagnosticsTimeout,
        Duration startTimeout,
        Map<String, LspServerConfig> servers) {
    public LspConfig {
        servers = Map.copyOf(servers);
    }

    /** Everything on, built-in servers only (tests and embedders without a config). */
    public static LspConfig defaults() {
        return new LspConfig(true, true, true, Duration.ofSeconds(5), Duration.ofSeconds(30), Map.of());
    }
}

package dev.dispatch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, validated snapshot of the merged configuration. Reloading builds a new snapshot and
 * swaps it in ({@link LiveConfig}); nobody mutates one in place.
 */
public final class Config {
    private final Map<String, ConfigValue> values;
    private final Map<String, ProviderConfig> providers;
    private final List<KeyConfig> keys;
    private final Map<String, ModelConfig> models;
    private final List<Path> sources;
    private final List<ConfigValue> ordered;
    private final List<String> fallback;
    private final Map<String, AgentConfig> agents;
    private final Map<String, LspServerConfig> lspServers;
    private final List<PermissionsConfig.DenyRule> denyRules;

    Config(
            Map<String, ConfigValue> values,
            Map<String, ProviderConfig> providers,
            List<KeyConfig> keys,
            Map<String, ModelConfig> models,
            List<Path> sources,
            List<String> fallback,
            Map<String, AgentConfig> agents,
            Map<String, LspServerConfig> lspServers,
            List<PermissionsConfig.DenyRule> denyRules) {
        this.denyRules = List.copyOf(denyRules);
        this.lspServers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lspServers));
        this.fallback = List.copyOf(fallback);
        this.agents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(agents));
        this.values = Map.copyOf(values);
        this.providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
        this.keys = List.copyOf(keys);
        this.models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
        this.sources = List.copyOf(sources);
        this.ordered = values.values().stream().toList();
    }

    /** Every setting with its value and origin, in registry order (scalars, then table entries). */
    public List<ConfigValue> values() {
        return ordered;
    }

    /** One setting by dotted key ({@code store.lock_wait}, {@code models.sonnet.name}). */
    public Optional<ConfigValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The config files that were read, in precedence order. */
    public List<Path> sources() {
        return sources;
    }

    public Optional<String> defaultModel() {
        return Optional.ofNullable((String) raw("default_model"));
    }

    public Duration storeLockWait() {
        return (Duration) raw("store.lock_wait");
    }

    /** {@code store.url}: the PostgreSQL database to use, checked for form at load; empty keeps the H2 file. */
    public Optional<String> storeUrl() {
        return Optional.ofNullable((String) raw("store.url"));
    }

    public int daemonPort() {
        return ((Long) raw("daemon.port")).intValue();
    }

    /** {@code daemon.autostart}: whether a one-shot that finds no owner starts one (docs/owner.md). */
    public boolean daemonAutostart() {
        return (Boolean) raw("daemon.autostart");
    }

    /** {@code daemon.idle_exit}: how long an auto-started daemon stays with nothing to do. */
    public Duration daemonIdleExit() {
        return (Duration) raw("daemon.idle_exit");
    }

    public Duration journalRetention() {
        return (Duration) raw("journal.retention");
    }

    @SuppressWarnings("unchecked")
    public PermissionsConfig permissions() {
        List<Path> allow = ((List<String>) raw("permissions.auto_allow"))
                .stream().map(Path::of).toList();
        List<String> deny = (List<String>) raw("permissions.deny");
        boolean net = (Boolean) raw("permissions.network");
        return new PermissionsConfig(
                allow, deny, net ? PermissionsConfig.Network.ALLOWED : PermissionsConfig.Network.DENIED, denyRules);
    }

    /** {@code sandbox.read} and {@code sandbox.write}, with {@code ~/} meaning {@code home}. */
    @SuppressWarnings("unchecked")
    public SandboxConfig sandbox(Path home) {
        return SandboxConfig.of((List<String>) raw("sandbox.read"), (List<String>) raw("sandbox.write"), home);
    }

    public Collection<ProviderConfig> providers() {
        return providers.values();
    }

    public Optional<ProviderConfig> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** Keys for {@code provider}, highest priority first. */
    public List<KeyConfig> keysFor(String provider) {
        return keys.stream()
                .filter(k -> k.provider().equals(provider))
                .sorted((a, b) -> Long.compare(b.priority(), a.priority()))
                .toList();
    }

    public List<KeyConfig> keys() {
        return keys;
    }

    public Collection<ModelConfig> models() {
        return models.values();
    }

    public Optional<ModelConfig> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** Model ids tried in this order when the wanted model has no usable key. */
    public List<String> fallback() {
        return fallback;
    }

    public Collection<AgentConfig> agents() {
        return agents.values();
    }

    public Optional<AgentConfig> agent(String type) {
        return Optional.ofNullable(agents.get(type));
    }

    public Optional<KeyConfig> key(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    public Duration budgetPollInterval() {
        return (Duration) raw("budgets.poll_interval");
    }

    /** {@code compaction.threshold}: share of the context window that triggers compaction; 0 is off. */
    public double compactionThreshold() {
        return ((Number) raw("compaction.threshold")).doubleValue();
    }

    public Duration keyCooldown() {
        return (Duration) raw("budgets.cooldown");
    }

    /** The {@code subagents.*} caps on spawning agents. */
    public SubagentLimits subagents() {
        return new SubagentLimits(
                ((Long) raw("subagents.max_depth")).intValue(),
                ((Long) raw("subagents.max_children")).intValue(),
                ((Long) raw("subagents.max_agents")).intValue(),
                (Double) raw("subagents.max_usd"),
                (Long) raw("subagents.max_tokens"));
    }

    /** {@code lsp.enabled}, {@code lsp.diagnostics_after_edit}, {@code lsp.navigation_tools} and the timeouts. */
    public LspConfig lsp() {
        return new LspConfig(
                (Boolean) raw("lsp.enabled"),
                (Boolean) raw("lsp.diagnostics_after_edit"),
                (Boolean) raw("lsp.navigation_tools"),
                (Duration) raw("lsp.diagnostics_timeout"),
                (Duration) raw("lsp.start_timeout"),
                lspServers);
    }

    private Object raw(String key) {
        ConfigValue v = values.get(key);
        if (v == null) throw new IllegalStateException("not a registered setting: " + key);
        return v.value();
    }
}

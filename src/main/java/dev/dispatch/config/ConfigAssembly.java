package dev.dispatch.config;

import dev.dispatch.config.LayerValues.Assigned;
import dev.dispatch.config.LayerValues.TableEntry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns merged layers into a {@link Config}: checks what only the whole picture can show (a key's or
 * model's provider exists, default_model names a model, each key has exactly one secret source, base
 * URLs are http(s)) and builds the typed records and the flat list {@code config show} prints.
 */
final class ConfigAssembly {
    private final LayerMerge merged;
    private final List<ConfigProblem> problems;
    private final Map<String, ConfigValue> values = new LinkedHashMap<>();

    private ConfigAssembly(LayerMerge merged) {
        this.merged = merged;
        this.problems = new ArrayList<>(merged.problems);
    }

    /** The snapshot, or a {@link ConfigException} listing every problem found in any layer. */
    static Config assemble(LayerMerge merged, List<Path> sources) {
        // Cross-checks on half-bound layers would only echo the binding problems, so those come first.
        if (!merged.problems.isEmpty()) throw new ConfigException(merged.problems);
        ConfigAssembly a = new ConfigAssembly(merged);
        merged.scalars.forEach((key, v) -> a.values.put(
                key, new ConfigValue(key, Settings.scalars().get(key).type(), v.value(), v.origin())));
        Map<String, ProviderConfig> providers = a.providers();
        List<KeyConfig> keys = a.keys(providers);
        Map<String, ModelConfig> models = a.models(providers);
        a.checkDefaultModel(models);
        a.checkStoreUrl();
        RoutingChecks routing = new RoutingChecks(merged, keys, models, a.problems);
        routing.checkModelKeys();
        List<String> fallback = routing.fallback();
        Map<String, AgentConfig> agents = routing.agents();
        merged.tables.get("agents").values().forEach(e -> a.showEntry("agents", e, Set.of()));
        merged.tables.get("external_clis").values().forEach(e -> a.showEntry("external_clis", e, Set.of()));
        Map<String, LspServerConfig> lspServers = a.lspServers();
        merged.tables.get("mcp_servers").values().forEach(e -> {
            a.showEntry("mcp_servers", e, Set.of());
            a.checkMcpServer(e);
        });
        if (!a.problems.isEmpty()) throw new ConfigException(a.problems);
        return new Config(a.values, providers, keys, models, sources, fallback, agents, lspServers, merged.denyRules);
    }

    private Map<String, ProviderConfig> providers() {
        Map<String, ProviderConfig> out = new LinkedHashMap<>();
        for (TableEntry e : merged.tables.get("providers").values()) {
            String type = (String) get("providers", e, "type").value();
            String fallback = "anthropic".equals(type) ? Settings.ANTHROPIC_URL : Settings.OPENAI_URL;
            Assigned url = e.fields().getOrDefault("base_url", new Assigned(fallback, Origin.DEFAULT));
            checkUrl((String) url.value(), url.origin(), "providers." + e.id() + ".base_url");
            Map<String, Assigned> withUrl = new LinkedHashMap<>(e.fields());
            withUrl.put("base_url", url);
            showEntry("providers", new TableEntry(e.id(), withUrl, e.origin()), Set.of());
            out.put(
                    e.id(),
                    new ProviderConfig(
                            e.id(),
                            type,
                            (String) url.value(),
                            (Long) get("providers", e, "max_tokens").value(),
                            Optional.ofNullable(
                                    (Double) get("providers", e, "temperature").value()),
                            (Duration) get("providers", e, "connect_timeout").value(),
                            (Duration) get("providers", e, "request_timeout").value()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, LspServerConfig> lspServers() {
        Map<String, LspServerConfig> out = new LinkedHashMap<>();
        String table = "lsp.servers";
        for (TableEntry e : merged.tables.get(table).values()) {
            showEntry(table, e, Set.of());
            List<String> env = (List<String>) get(table, e, "env").value();
            Map<String, String> vars = new LinkedHashMap<>();
            for (String item : env == null ? List.<String>of() : env) {
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    problems.add(new ConfigProblem(
                            e.fields().get("env").origin(),
                            table,
                            table + "." + e.id() + ".env: '" + item + "' is not NAME=VALUE"));
                    continue;
                }
                vars.put(item.substring(0, eq), item.substring(eq + 1));
            }
            Boolean enabled = (Boolean) get(table, e, "enabled").value();
            out.put(
                    e.id(),
                    new LspServerConfig(
                            e.id(),
                            Optional.ofNullable(
                                    (String) get(table, e, "command").value()),
                            Optional.ofNullable(
                                    (List<String>) get(table, e, "args").value()),
                            Optional.ofNullable(
                                    (List<String>) get(table, e, "extensions").value()),
                            Optional.ofNullable(
                                    (List<String>) get(table, e, "root_markers").value()),
                            vars,
                            enabled == null || enabled));
        }
        return out;
    }

    private List<KeyConfig> keys(Map<String, ProviderConfig> providers) {
        List<KeyConfig> out = new ArrayList<>();
        for (TableEntry e : merged.tables.get("keys").values()) {
            String provider = (String) get("keys", e, "provider").value();
            checkRef(providers.keySet(), provider, e, "keys", "providers");
            Assigned env = e.fields().get("env");
            Assigned literal = e.fields().containsKey("secret")
                    ? e.fields().get("secret")
                    : e.fields().get("api_key");
            int sources = (env == null ? 0 : 1)
                    + (e.fields().containsKey("secret") ? 1 : 0)
                    + (e.fields().containsKey("api_key") ? 1 : 0);
            if (sources != 1) {
                problems.add(new ConfigProblem(
                        e.origin(),
                        "keys",
                        "keys '" + e.id() + "': give exactly one of env"
                                + " (preferred: the variable holding the key), secret or api_key; found " + sources));
                continue;
            }
            Secret secret =
                    env != null ? Secret.fromEnv((String) env.value()) : Secret.literal((String) literal.value());
            Origin at = env != null ? env.origin() : literal.origin();
            values.put(
                    "keys." + e.id() + ".secret",
                    new ConfigValue("keys." + e.id() + ".secret", ValueType.STRING, secret, at));
            showEntry("keys", e, Set.of("env", "secret", "api_key"));
            out.add(new KeyConfig(
                    e.id(), provider, secret, (Long) get("keys", e, "priority").value(), budget(e)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, ModelConfig> models(Map<String, ProviderConfig> providers) {
        Map<String, ModelConfig> out = new LinkedHashMap<>();
        for (TableEntry e : merged.tables.get("models").values()) {
            String provider = (String) get("models", e, "provider").value();
            checkRef(providers.keySet(), provider, e, "models", "providers");
            showEntry("models", e, Set.of());
            out.put(
                    e.id(),
                    new ModelConfig(
                            e.id(),
                            provider,
                            (String) get("models", e, "name").value(),
                            (List<String>) get("models", e, "tags").value(),
                            Optional.ofNullable(
                                    (Long) get("models", e, "context_window").value()),
                            new ModelConfig.Price(price(e, "input"), price(e, "output"), price(e, "cached")),
                            (List<String>) get("models", e, "keys").value()));
        }
        return out;
    }

    private static KeyConfig.Budget budget(TableEntry e) {
        return new KeyConfig.Budget(
                Optional.ofNullable(
                        (Double) get("keys", e, "budget.usd_per_day").value()),
                Optional.ofNullable(
                        (Double) get("keys", e, "budget.usd_per_month").value()),
                Optional.ofNullable((Double) get("keys", e, "budget.usd_total").value()),
                Optional.ofNullable(
                        (Long) get("keys", e, "budget.tokens_per_day").value()),
                Optional.ofNullable(
                        (Long) get("keys", e, "budget.tokens_per_month").value()),
                Optional.ofNullable((Long) get("keys", e, "budget.tokens_total").value()),
                ((Long) get("keys", e, "budget.reset_hour").value()).intValue(),
                ((Long) get("keys", e, "budget.reset_day").value()).intValue());
    }

    private Optional<Double> price(TableEntry e, String which) {
        return Optional.ofNullable((Double) get("models", e, "price." + which).value());
    }

    /** Lists an entry's set or defaulted fields for {@code config show}, walking the registry's nesting. */
    private void showEntry(String table, TableEntry e, Set<String> skip) {
        walk(table, e, Settings.table(table), "", skip);
    }

    private void walk(String table, TableEntry e, Field group, String prefix, Set<String> skip) {
        for (Field f : group.children()) {
            String dotted = prefix + f.name();
            if (f.type() == ValueType.GROUP) {
                walk(table, e, f, dotted + ".", skip);
                continue;
            }
            if (dotted.equals("id") || skip.contains(dotted)) continue;
            Assigned v = get(table, e, dotted);
            if (v.value() != null) show(table, e, v, dotted, f.type());
        }
    }

    /** {@code store.url} names a PostgreSQL database: scheme, user, host, one database (store.StoreUrl parses it). */
    private void checkStoreUrl() {
        Assigned v = merged.scalars.get("store.url");
        if (v == null || v.value() == null) return;
        String problem = storeUrlProblem((String) v.value());
        if (problem != null) problems.add(new ConfigProblem(v.origin(), "store.url", "store.url: " + problem));
    }

    /** What is wrong with {@code url} as a PostgreSQL URL, or {@code null}; the password is never repeated. */
    static String storeUrlProblem(String url) {
        String form = "expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE, or leave store.url unset for the"
                + " embedded H2 store";
        java.net.URI u;
        try {
            u = new java.net.URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            return "not a URL (" + e.getReason() + "); " + form;
        }
        String scheme = u.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme))
            return "scheme '" + scheme + "' is not supported; " + form;
        if (u.getHost() == null) return "no host; " + form;
        if (u.getRawUserInfo() == null || u.getRawUserInfo().startsWith(":")) return "no user; " + form;
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) return "no single database named; " + form;
        if (u.getPort() == 0 || u.getPort() > 65535) return "port " + u.getPort() + " is out of range 1-65535";
        return null;
    }

    private void checkDefaultModel(Map<String, ModelConfig> models) {
        Assigned dm = merged.scalars.get("default_model");
        if (dm.value() == null || models.containsKey((String) dm.value())) return;
        String hint = models.isEmpty()
                ? "; define it under models: in " + ConfigLoader.USER_FILE_IN_MESSAGES
                : Suggest.hint((String) dm.value(), models.keySet()) + "; known: " + models.keySet();
        problems.add(new ConfigProblem(
                dm.origin(), "default_model", "default_model: no model with id '" + dm.value() + "'" + hint));
    }

    private void checkRef(java.util.Set<String> known, String name, TableEntry e, String table, String target) {
        if (name == null || known.contains(name)) return;
        Assigned at = e.fields().get("provider");
        problems.add(new ConfigProblem(
                at.origin(),
                table,
                table + " '" + e.id() + "': unknown provider '" + name + "'" + Suggest.hint(name, known)
                        + "; define it under " + target + ": in " + ConfigLoader.USER_FILE_IN_MESSAGES));
    }

    /** An MCP server is either a stdio program or an HTTP endpoint, and its lists are well formed. */
    private void checkMcpServer(TableEntry e) {
        String key = "mcp_servers." + e.id();
        Assigned command = e.fields().get("command");
        Assigned url = e.fields().get("url");
        if ((command == null) == (url == null)) {
            problems.add(new ConfigProblem(
                    e.origin(),
                    key,
                    key + ": give either 'command' (a stdio server) or 'url' (an HTTP server), "
                            + (command == null ? "found neither" : "not both")));
            return;
        }
        if (command != null && ((String) command.value()).isBlank())
            problems.add(new ConfigProblem(command.origin(), key + ".command", key + ".command: empty program name"));
        if (url != null) checkUrl((String) url.value(), url.origin(), key + ".url");
        for (String field : List.of("env", "headers")) {
            Assigned v = e.fields().get(field);
            if (v == null) continue;
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) v.value();
            for (String item : items) {
                String problem = McpServerConfig.entryProblem(field, item);
                if (problem != null)
                    problems.add(new ConfigProblem(v.origin(), key + "." + field, key + "." + field + ": " + problem));
            }
        }
    }

    private void checkUrl(String url, Origin at, String key) {
        try {
            URI u = new URI(url);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) return;
        } catch (java.net.URISyntaxException ignored) {
            // reported below with the fix
        }
        problems.add(new ConfigProblem(
                at, key, key + ": '" + url + "' is not an http(s) URL such as http://127.0.0.1:11434/v1"));
    }

    private void show(String table, TableEntry e, Assigned v, String field, ValueType type) {
        String key = table + "." + e.id() + "." + field;
        values.put(key, new ConfigValue(key, type, v.value(), v.origin()));
    }

    /** An entry's field, or the registry default for it. */
    static Assigned get(String table, TableEntry e, String dotted) {
        Assigned v = e.fields().get(dotted);
        if (v != null) return v;
        Field f = Settings.table(table);
        for (String part : dotted.split("\\.")) f = f.child(part).orElseThrow();
        return new Assigned(f.defaultValue(), Origin.DEFAULT);
    }
}

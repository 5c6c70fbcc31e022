package dev.dispatch.config;

import static dev.dispatch.config.ValueType.BOOLEAN;
import static dev.dispatch.config.ValueType.DURATION;
import static dev.dispatch.config.ValueType.INTEGER;
import static dev.dispatch.config.ValueType.NUMBER;
import static dev.dispatch.config.ValueType.STRING;
import static dev.dispatch.config.ValueType.STRING_LIST;

import dev.dispatch.config.Field.Merge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one registry of settings (ARCHITECTURE.md §9): it drives validation, {@code dispatch config show},
 * env var names and the docs. Add a setting here and every layer understands it.
 *
 * <p>Env rule: a scalar setting {@code a.b_c} is read from {@code DISPATCH_A_B_C} (dots and dashes become
 * underscores, upper case). Lists from env are comma-separated. Tables (providers, keys, models) have no
 * env form: secrets come from env by reference ({@code keys: - {env: ANTHROPIC_API_KEY}}).
 */
public final class Settings {
    public static final String ANTHROPIC_URL = "https://api.anthropic.com";
    public static final String OPENAI_URL = "https://api.openai.com/v1";

    public static final Field ROOT = Field.group(
            "",
            "Dispatch configuration",
            Field.of("default_model", STRING, "Model id used when a command or agent names none."),
            Field.group(
                    "store",
                    "The store: the embedded H2 file, or a PostgreSQL database several daemons share.",
                    Field.of("lock_wait", DURATION, "How long a one-shot command waits for the store's owner.")
                            .def(Duration.ofSeconds(10)),
                    Field.of(
                                    "url",
                                    STRING,
                                    "PostgreSQL database to use instead of the embedded H2 file: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE (docs/postgresql.md); unset keeps H2.")
                            .userOnly()
                            .secret()),
            Field.group(
                    "daemon",
                    "The background engine.",
                    Field.of("port", INTEGER, "Loopback HTTP port of the daemon; 0 picks a free one.")
                            .def(7421L)
                            .range(0, 65535),
                    Field.of(
                                    "autostart",
                                    BOOLEAN,
                                    "Whether a one-shot command that finds no owner starts one in the background (docs/owner.md); --no-daemon or DISPATCH_NO_DAEMON=1 opt out.")
                            .def(Boolean.TRUE),
                    Field.of(
                                    "idle_exit",
                                    DURATION,
                                    "How long an auto-started daemon waits with no request, stream or running agent before it exits.")
                            .def(Duration.ofMinutes(10))),
            Field.group(
                    "journal",
                    "The event journal.",
                    Field.of("retention", DURATION, "How long events are kept for replay.")
                            .def(Duration.ofDays(7))),
            Field.group(
                    "fleet",
                    "Supervision of agents that hold task leases (docs/external-agents.md).",
                    Field.group(
                            "nudge",
                            "Reminders to an agent that holds a lease but stopped reporting.",
                            Field.of(
                                            "enabled",
                                            BOOLEAN,
                                            "Whether a lease holder whose heartbeat went stale is reminded before its lease expires (tmux agents: a pasted line; others: a message).")
                                    .def(Boolean.TRUE),
                            Field.of(
                                    "stale_after",
                                    DURATION,
                                    "Silence after which a lease holder counts as stale; unset: the registry's own (twice its heartbeat interval)."),
                            Field.of("max", INTEGER, "Reminders per lease at most.")
                                    .def(2L)
                                    .range(0, 20),
                            Field.of("interval", DURATION, "Least time between two reminders about one lease.")
                                    .def(Duration.ofSeconds(60)))),
            Field.group(
                    "permissions",
                    "What agents may do without asking.",
                    Field.of(
                                    "auto_allow",
                                    ValueType.PATH_LIST,
                                    "Paths agents may use without asking (project may only narrow).")
                            .def(List.of())
                            .merge(Merge.NARROW),
                    Field.of(
                                    "deny",
                                    STRING_LIST,
                                    "Path globs and shell command patterns always refused (layers add up).")
                            .def(List.of())
                            .merge(Merge.UNION),
                    Field.of("network", BOOLEAN, "Whether tools may use the network (project may only turn it off).")
                            .def(Boolean.TRUE)
                            .merge(Merge.NARROW)),
            Field.group(
                    "sandbox",
                    "What shell commands see besides the project when bubblewrap confines them (docs/security.md).",
                    Field.of(
                                    "read",
                                    ValueType.PATH_LIST,
                                    "Paths shown read-only to shell commands; missing ones are skipped.")
                            .def(SandboxConfig.DEFAULT_READ)
                            .userOnly(),
                    Field.of(
                                    "write",
                                    ValueType.PATH_LIST,
                                    "Paths shown writable to shell commands (build caches); missing ones are skipped.")
                            .def(SandboxConfig.DEFAULT_WRITE)
                            .userOnly()),
            Field.group(
                    "lsp",
                    "Language servers shared by the agents of a project (docs/lsp.md).",
                    Field.of("enabled", BOOLEAN, "Whether agents of the project get language servers at all.")
                            .def(Boolean.TRUE),
                    Field.of(
                                    "diagnostics_after_edit",
                                    BOOLEAN,
                                    "Whether edit_file and write_file results carry the diagnostics the edit added or resolved.")
                            .def(Boolean.TRUE),
                    Field.of(
                                    "navigation_tools",
                                    BOOLEAN,
                                    "Whether lsp_definition, lsp_references, lsp_hover and lsp_symbols answer (off: they say so).")
                            .def(Boolean.TRUE),
                    Field.of(
                                    "diagnostics_timeout",
                                    DURATION,
                                    "How long an edit's result waits for the server to publish the file's diagnostics.")
                            .def(Duration.ofSeconds(5)),
                    Field.of(
                                    "start_timeout",
                                    DURATION,
                                    "How long a server may take to answer initialize before it counts as failed.")
                            .def(Duration.ofSeconds(30)),
                    Field.tableMap(
                                    "servers",
                                    "Language servers by name: overrides of the built-in ones (typescript, python, clangd, gopls, rust-analyzer, jdtls) or additions. A program that runs for you, so user config only.",
                                    Field.of("command", STRING, "The program (on PATH or absolute)."),
                                    Field.of("args", STRING_LIST, "Its arguments."),
                                    Field.of(
                                            "extensions",
                                            STRING_LIST,
                                            "File extensions it serves, without the dot (ts, py, c)."),
                                    Field.of(
                                            "root_markers",
                                            STRING_LIST,
                                            "Files whose presence at the project root starts it (go.mod); its extensions' files do too."),
                                    Field.of("env", STRING_LIST, "Extra environment, as NAME=VALUE items."),
                                    Field.of("enabled", BOOLEAN, "false turns a built-in server off."))
                            .userOnly()),
            Field.tableMap(
                            "providers",
                            "Model endpoints, by name; a repository must not redirect them (CVE-2026-21852).",
                            Field.of("type", STRING, "Wire protocol: anthropic or openai (OpenAI-compatible).")
                                    .required()
                                    .oneOf("anthropic", "openai"),
                            Field.of("base_url", STRING, "Endpoint; defaults to the official one for the type."),
                            Field.of("max_tokens", INTEGER, "Largest reply requested.")
                                    .def(8192L)
                                    .range(1, 10_000_000),
                            Field.of("temperature", NUMBER, "Sampling temperature; unset uses the model's default.")
                                    .range(0, 2),
                            Field.of("connect_timeout", DURATION, "TCP/TLS connect timeout.")
                                    .def(Duration.ofSeconds(10)),
                            Field.of("request_timeout", DURATION, "Longest time for one streamed reply.")
                                    .def(Duration.ofMinutes(10)))
                    .userOnly(),
            Field.tableList(
                            "keys",
                            "API keys, preferably by reference to an env var.",
                            Field.of("provider", STRING, "Provider name the key is for.")
                                    .required(),
                            Field.of("env", STRING, "Environment variable holding the key."),
                            Field.of("secret", STRING, "The key itself (user config only; prefer env).")
                                    .secret(),
                            Field.of("api_key", STRING, "Same as secret.").secret(),
                            Field.of("priority", INTEGER, "Higher is tried first.")
                                    .def(0L),
                            Field.group(
                                    "budget",
                                    "Spending caps; a call that could pass one goes to the next key (negative is an error).",
                                    Field.of("usd_per_day", NUMBER, "USD per day.")
                                            .range(0, 1e9),
                                    Field.of("usd_per_month", NUMBER, "USD per month.")
                                            .range(0, 1e9),
                                    Field.of("usd_total", NUMBER, "USD in all.").range(0, 1e9),
                                    Field.of("tokens_per_day", INTEGER, "Tokens per day.")
                                            .range(0, 1e15),
                                    Field.of("tokens_per_month", INTEGER, "Tokens per month.")
                                            .range(0, 1e15),
                                    Field.of("tokens_total", INTEGER, "Tokens in all.")
                                            .range(0, 1e15),
                                    Field.of("reset_hour", INTEGER, "UTC hour at which daily budgets start again.")
                                            .def(0L)
                                            .range(0, 23),
                                    Field.of(
                                                    "reset_day",
                                                    INTEGER,
                                                    "Day of the month on which monthly budgets start again.")
                                            .def(1L)
                                            .range(1, 28)))
                    .userOnly(),
            Field.tableList(
                    "models",
                    "Models agents can use, by id.",
                    Field.of("provider", STRING, "Provider name serving the model.")
                            .required(),
                    Field.of("name", STRING, "The provider's model name.").required(),
                    Field.of("tags", STRING_LIST, "Roles such as heavy, light, coding, review.")
                            .def(List.of()),
                    Field.of("context_window", INTEGER, "Context window in tokens.")
                            .range(1, 1e9),
                    Field.of(
                                    "keys",
                                    STRING_LIST,
                                    "Only these key ids serve the model (default: every key of its provider).")
                            .def(List.of()),
                    Field.group(
                            "price",
                            "USD per million tokens.",
                            Field.of("input", NUMBER, "Input tokens.").range(0, 1e6),
                            Field.of("output", NUMBER, "Output tokens.").range(0, 1e6),
                            Field.of("cached", NUMBER, "Cached input tokens.").range(0, 1e6))),
            Field.of("fallback", STRING_LIST, "Model ids tried in this order when the wanted model has no usable key.")
                    .def(List.of()),
            Field.group(
                    "budgets",
                    "Key budgets and waiting.",
                    Field.of("poll_interval", DURATION, "How often an agent waiting for a usable key looks again.")
                            .def(Duration.ofSeconds(30)),
                    Field.of("cooldown", DURATION, "Cool-down of a key after a 429/5xx that named no retry-after.")
                            .def(Duration.ofSeconds(60))),
            Field.group(
                    "compaction",
                    "Summarising a conversation's older turns when it nears its model's context window.",
                    Field.of(
                                    "threshold",
                                    NUMBER,
                                    "Share of the model's context window at which older turns are summarised before the next call (0 turns automatic compaction off; /compact still works).")
                            .def(0.8)
                            .range(0, 0.98)),
            Field.group(
                    "subagents",
                    "Caps on agents that spawn agents (summon_agent and child starts through the API); a project may only lower them.",
                    Field.of("max_depth", INTEGER, "Deepest child allowed below a root agent (a root is depth 0).")
                            .def(3L)
                            .range(0, 32)
                            .merge(Merge.NARROW),
                    Field.of("max_children", INTEGER, "Children one agent may have running at once.")
                            .def(10L)
                            .range(0, 1000)
                            .merge(Merge.NARROW),
                    Field.of(
                                    "max_agents",
                                    INTEGER,
                                    "Agents one tree may create in all, its root included (finished ones count).")
                            .def(50L)
                            .range(1, 100_000)
                            .merge(Merge.NARROW),
                    Field.of(
                                    "max_usd",
                                    NUMBER,
                                    "Spend cap of a tree (root and all descendants) in USD: no spawn once it is reached, and its children stop at their next turn.")
                            .def(10.0)
                            .range(0, 1e9)
                            .merge(Merge.NARROW),
                    Field.of(
                                    "max_tokens",
                                    INTEGER,
                                    "Spend cap of a tree in tokens (input + output), enforced like max_usd.")
                            .def(5_000_000L)
                            .range(0, 1e15)
                            .merge(Merge.NARROW)),
            Field.tableList(
                    "agents",
                    "Agent templates, by id (the agent type).",
                    Field.of("description", STRING, "What the agent is for (shown to orchestrators)."),
                    Field.of("system_prompt", STRING, "Extra system prompt."),
                    Field.of(
                            "prompt_file",
                            ValueType.FILE,
                            "File holding the extra system prompt, relative to the config file's directory (in a project's dispatch.yaml: a file inside the project)."),
                    Field.of("tools", STRING_LIST, "Tools it may call (default: all)")
                            .def(List.of()),
                    Field.of(
                            "permission_mode",
                            STRING,
                            "Makes its agents stricter than the mode they are started in (deny > ask > accept-edits > bypass); never looser, so a repository cannot loosen your permissions."),
                    Field.of("model", STRING, "Model id it runs on."),
                    Field.of(
                            "tag",
                            STRING,
                            "Model tag it runs on (heavy, light, coding, review); the best usable model with it serves."),
                    Field.of("skills", STRING_LIST, "Skills loaded for it besides the mapped ones.")
                            .def(List.of()),
                    Field.of("max_turns", INTEGER, "Model turns per input.").range(1, 100_000),
                    Field.of(
                                    "summon_subagents",
                                    BOOLEAN,
                                    "Whether its agents may hold the summon_subagents permission (a root holds it unless this is false; a child only when its parent also grants it).")
                            .def(Boolean.TRUE),
                    Field.of(
                                    "approve_children",
                                    BOOLEAN,
                                    "Whether its agents' own grants answer their children's permission questions: a child's request the parent could do itself without asking is allowed and logged as answered by the parent; anything beyond still asks the user. Never wider than the parent's own.")
                            .def(Boolean.FALSE)),
            Field.tableMap(
                            "external_clis",
                            "CLIs 'dispatch spawn --cli NAME' starts in tmux, by name; an entry replaces the built-in claude, codex, aider or shell one of that name (user config only: a repository must not change what they run).",
                            Field.of(
                                            "command",
                                            STRING_LIST,
                                            "Program and start-up flags; {mcp_config} becomes the MCP config file Dispatch writes for the agent, {name} the agent's name.")
                                    .required(),
                            Field.of(
                                            "prompt",
                                            STRING,
                                            "How the spawn prompt reaches it: arg (appended to the command), paste (pasted into its pane once started), env (only DISPATCH_PROMPT) or exec (Codex: every prompt is one 'codex exec --json' run resuming its session; the command must be codex exec --json).")
                                    .def("paste")
                                    .oneOf("arg", "paste", "env", "exec"),
                            Field.of(
                                    "exit",
                                    STRING,
                                    "The line that asks it to quit, typed by 'dispatch stop' after C-c."),
                            Field.of(
                                    "waiting",
                                    STRING,
                                    "Regular expression matching its last screen line while it waits for input."))
                    .userOnly(),
            Field.tableMap(
                    "mcp_servers",
                    "MCP servers whose tools Dispatch's agents get, named NAME__TOOL, by name (docs/mcp.md); one in a project's dispatch.yaml never starts until 'dispatch mcp trust NAME' approved its exact command line or URL.",
                    Field.of("command", STRING, "Program of a stdio server (give command or url, not both)."),
                    Field.of("args", STRING_LIST, "Arguments of the stdio server's program.")
                            .def(List.of()),
                    Field.of(
                                    "env",
                                    STRING_LIST,
                                    "Extra environment of the stdio server, as NAME=value (in a project's dispatch.yaml no secret-like NAME).")
                            .def(List.of()),
                    Field.of("url", STRING, "Streamable HTTP endpoint of a remote server (http or https)."),
                    Field.of(
                                    "headers",
                                    STRING_LIST,
                                    "HTTP headers sent to the url, as 'Name: value' (in a project's dispatch.yaml no Authorization, Cookie or secret-like header).")
                            .def(List.of()),
                    Field.of("timeout", DURATION, "Longest wait for the server's start and for one tool call.")
                            .def(Duration.ofSeconds(30)),
                    Field.of("enabled", BOOLEAN, "Whether agents get its tools.")
                            .def(Boolean.TRUE)));

    private static final Map<String, Field> SCALARS = collectScalars();

    private Settings() {}

    /** Every setting outside tables, by dotted key, in registry order. */
    public static Map<String, Field> scalars() {
        return SCALARS;
    }

    public static Optional<Field> scalar(String key) {
        return Optional.ofNullable(SCALARS.get(key));
    }

    /** {@code store.lock_wait} → {@code DISPATCH_STORE_LOCK_WAIT}. */
    public static String envVar(String key) {
        return "DISPATCH_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Every table by dotted key ({@code providers}, {@code lsp.servers}), in registry order. */
    public static List<String> tableNames() {
        List<String> out = new ArrayList<>();
        tables("", ROOT, out);
        return out;
    }

    private static void tables(String prefix, Field group, List<String> out) {
        for (Field f : group.children()) {
            if (f.type() == ValueType.TABLE_LIST || f.type() == ValueType.TABLE_MAP) out.add(prefix + f.name());
            else if (f.type() == ValueType.GROUP) tables(prefix + f.name() + ".", f, out);
        }
    }

    /** A table's field by dotted key ({@code lsp.servers}). */
    public static Field table(String dotted) {
        Field f = ROOT;
        for (String part : dotted.split("\\.")) f = f.child(part).orElseThrow();
        return f;
    }

    private static Map<String, Field> collectScalars() {
        Map<String, Field> out = new LinkedHashMap<>();
        collect("", ROOT, out);
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void collect(String prefix, Field group, Map<String, Field> out) {
        for (Field f : group.children()) {
            String key = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
            if (f.type() == ValueType.GROUP) collect(key, f, out);
            else if (f.type() != ValueType.TABLE_LIST && f.type() != ValueType.TABLE_MAP) out.put(key, f);
        }
    }
}

package dev.dispatch.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of {@code mcp_servers:}: an MCP server whose tools Dispatch's agents get. Either a stdio
 * program ({@code command} + {@code args} + {@code env}) or a Streamable HTTP endpoint ({@code url} +
 * {@code headers}). {@code project} says it was declared in a repository's dispatch.yaml, which makes it
 * code the repository wants to run: it needs the user's approval of exactly {@link #fingerprint()}.
 */
public record McpServerConfig(
        String name,
        String command,
        List<String> args,
        Map<String, String> env,
        String url,
        Map<String, String> headers,
        Duration timeout,
        boolean enabled,
        boolean project,
        String declaredAt) {

    /** Header names that carry credentials whatever they are called. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern LIST_KEY = Pattern.compile("mcp_servers\\.[^.]+\\.(env|headers)");

    public McpServerConfig {
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public boolean isStdio() {
        return command != null;
    }

    /** The program and its arguments, as one list. */
    public List<String> commandLine() {
        List<String> out = new ArrayList<>();
        out.add(command);
        out.addAll(args);
        return out;
    }

    /** What a person approves: the command line with its env, or the URL with its header names. */
    public String describe() {
        if (!isStdio())
            return url + (headers.isEmpty() ? "" : " (headers: " + String.join(", ", headers.keySet()) + ")");
        StringBuilder b = new StringBuilder();
        env.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
        for (String part : commandLine()) {
            if (!b.isEmpty() && b.charAt(b.length() - 1) != ' ') b.append(' ');
            b.append(
                    part.isEmpty() || part.matches(".*[\\s'\"$`\\\\].*")
                            ? "'" + part.replace("'", "'\\''") + "'"
                            : part);
        }
        return b.toString().strip();
    }

    /**
     * SHA-256 of everything that decides what runs and where data goes: the program, each argument, the
     * env entries, or the URL and headers. Any change makes a trusted project server untrusted again.
     */
    public String fingerprint() {
        StringBuilder b = new StringBuilder(isStdio() ? "stdio" : "http");
        if (isStdio()) for (String part : commandLine()) b.append('\0').append(part);
        else b.append('\0').append(url);
        b.append("\0env");
        env.forEach((k, v) -> b.append('\0').append(k).append('=').append(v));
        b.append("\0headers");
        headers.forEach((k, v) -> b.append('\0').append(k).append(':').append(v));
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Every {@code mcp_servers} entry of {@code config}, in the order written. */
    @SuppressWarnings("unchecked")
    public static List<McpServerConfig> from(Config config) {
        Map<String, Map<String, ConfigValue>> byName = new LinkedHashMap<>();
        for (ConfigValue v : config.values()) {
            if (!v.key().startsWith("mcp_servers.")) continue;
            String rest = v.key().substring("mcp_servers.".length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) continue;
            byName.computeIfAbsent(rest.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(rest.substring(dot + 1), v);
        }
        List<McpServerConfig> out = new ArrayList<>();
        byName.forEach((name, f) -> {
            ConfigValue main = f.containsKey("command") ? f.get("command") : f.get("url");
            if (main == null) return;
            Origin at = main.origin();
            out.add(new McpServerConfig(
                    name,
                    (String) value(f, "command", null),
                    (List<String>) value(f, "args", List.of()),
                    pairs((List<String>) value(f, "env", List.of()), '='),
                    (String) value(f, "url", null),
                    pairs((List<String>) value(f, "headers", List.of()), ':'),
                    (Duration) value(f, "timeout", Duration.ofSeconds(30)),
                    (Boolean) value(f, "enabled", Boolean.TRUE),
                    at.kind() == Origin.Kind.PROJECT_FILE,
                    at.toString()));
        });
        return out;
    }

    private static Object value(Map<String, ConfigValue> f, String field, Object def) {
        ConfigValue v = f.get(field);
        return v == null || v.value() == null ? def : v.value();
    }

    private static Map<String, String> pairs(List<String> items, char sep) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items) {
            int i = item.indexOf(sep);
            if (i > 0)
                out.put(item.substring(0, i).strip(), item.substring(i + 1).strip());
        }
        return out;
    }

    /** Why an {@code env} ({@code NAME=value}) or {@code headers} ({@code Name: value}) item is malformed, or null. */
    static String entryProblem(String field, String item) {
        boolean env = field.equals("env");
        int i = item.indexOf(env ? '=' : ':');
        String name = i > 0 ? item.substring(0, i).strip() : "";
        if (env ? ENV_NAME.matcher(name).matches() : HEADER_NAME.matcher(name).matches()) return null;
        return "'" + item + "' is not "
                + (env
                        ? "NAME=value (a variable name, '=', the value)"
                        : "'Name: value' (a header name, ':', the value)");
    }

    /**
     * In a repository's dispatch.yaml: the refusal of an {@code env} or {@code headers} item that would
     * carry a credential (a secret-like variable name, an Authorization/Cookie or secret-like header),
     * or null when {@code key} is not such a list or the item is fine. The same rule as provider keys.
     */
    static String projectSecret(String key, String item) {
        if (!LIST_KEY.matcher(key).matches()) return null;
        boolean env = key.endsWith(".env");
        int i = item.indexOf(env ? '=' : ':');
        String name = (i > 0 ? item.substring(0, i) : item).strip();
        boolean secret =
                FileBinder.secretLike(name) || (!env && CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
        if (!secret) return null;
        return key + ": '" + name + "' carries a credential, and a repository's dispatch.yaml must not hold secrets;"
                + " declare this server (with its " + (env ? "env" : "headers") + ") in "
                + ConfigLoader.USER_FILE_IN_MESSAGES + " instead, where ${VAR} can read it from your environment";
    }
}

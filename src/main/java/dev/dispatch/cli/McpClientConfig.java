package dev.dispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MCP client config files {@code dispatch mcp install} writes: the server entry (command, args and
 * the token in its env) in the shape each client reads, merged into what the file already holds (other
 * servers and tables are kept byte for byte where the format allows), the old file backed up, the new
 * one written atomically with mode 0600 because it holds a token.
 */
final class McpClientConfig {
    static final String SERVER = "dispatch";

    /** What starts the server: {@code command args…} with {@code env}. */
    record Entry(String command, List<String> args, Map<String, String> env) {}

    private McpClientConfig() {}

    /** {@code {"mcpServers": {"dispatch": {…}}}}: Claude Code's {@code .mcp.json}, Cursor's {@code mcp.json}, and {@code json}. */
    static ObjectNode jsonDocument(Entry e, boolean withType) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("mcpServers").set(SERVER, jsonEntry(e, withType));
        return root;
    }

    static ObjectNode jsonEntry(Entry e, boolean withType) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        if (withType) s.put("type", "stdio");
        s.put("command", e.command());
        e.args().forEach(s.putArray("args")::add);
        ObjectNode env = s.putObject("env");
        e.env().forEach(env::put);
        return s;
    }

    /** {@code existing} (a JSON config, or null) with {@code mcpServers.dispatch} set to {@code entry}. */
    static String mergeJson(Path file, String existing, ObjectNode entry) {
        ObjectNode root;
        if (existing == null || existing.isBlank()) root = JsonNodeFactory.instance.objectNode();
        else {
            JsonNode parsed;
            try {
                parsed = Json.mapper().readTree(existing);
            } catch (IOException e) {
                throw new CliException(
                        ExitCode.ERROR,
                        file + " is not valid JSON ("
                                + e.getMessage().lines().findFirst().orElse("")
                                + "); fix it or move it away, then run this again");
            }
            if (!(parsed instanceof ObjectNode o))
                throw new CliException(ExitCode.ERROR, file + " does not hold a JSON object; fix it or move it away");
            root = o;
        }
        JsonNode servers = root.get("mcpServers");
        if (servers != null && !servers.isObject())
            throw new CliException(ExitCode.ERROR, file + ": \"mcpServers\" is not an object; fix it or move it away");
        ObjectNode s = servers == null ? root.putObject("mcpServers") : (ObjectNode) servers;
        s.set(SERVER, entry);
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A table header of ours: {@code [mcp_servers.dispatch]} or below it ({@code .env}), quoted or not. */
    private static final Pattern OUR_HEADER = Pattern.compile(
            "^\\s*\\[\\s*mcp_servers\\s*\\.\\s*(\"dispatch\"|'dispatch'|dispatch)\\s*(\\.[^\\]]*)?\\]\\s*(#.*)?$");

    private static final Pattern ANY_HEADER = Pattern.compile("^\\s*\\[.*$");
    private static final Pattern TOP_INLINE =
            Pattern.compile("^\\s*mcp_servers\\s*\\.\\s*[\"']?dispatch[\"']?\\s*[.=].*$");
    private static final Pattern SERVERS_INLINE = Pattern.compile("^\\s*[\"']?dispatch[\"']?\\s*[.=].*$");

    /** Codex's {@code [mcp_servers.dispatch]} table (and its {@code .env} table) in TOML. */
    static String tomlTables(Entry e) {
        StringBuilder b = new StringBuilder();
        b.append("[mcp_servers.").append(SERVER).append("]\n");
        b.append("command = ").append(tomlString(e.command())).append('\n');
        List<String> quoted = new ArrayList<>();
        for (String a : e.args()) quoted.add(tomlString(a));
        b.append("args = [").append(String.join(", ", quoted)).append("]\n\n");
        b.append("[mcp_servers.").append(SERVER).append(".env]\n");
        e.env()
                .forEach((k, v) ->
                        b.append(k).append(" = ").append(tomlString(v)).append('\n'));
        return b.toString();
    }

    /**
     * {@code existing} TOML with every table of ours replaced by {@code tables} (at the place of the first),
     * other tables and comments untouched; appended when there was none. An inline definition of the
     * server ({@code dispatch = {…}} under {@code [mcp_servers]}) is refused rather than guessed at.
     */
    static String mergeToml(Path file, String existing, String tables) {
        if (existing == null || existing.isBlank()) return tables;
        List<String> out = new ArrayList<>();
        boolean inOurs = false;
        boolean inServers = false;
        boolean placed = false;
        boolean seenHeader = false;
        for (String line : existing.split("\n", -1)) {
            if (ANY_HEADER.matcher(line).matches()) {
                seenHeader = true;
                inOurs = OUR_HEADER.matcher(line).matches();
                inServers = line.strip().replace(" ", "").startsWith("[mcp_servers]");
                if (inOurs && !placed) {
                    out.add(tables.stripTrailing());
                    out.add("");
                    placed = true;
                }
                if (inOurs) continue;
            } else if ((!seenHeader && TOP_INLINE.matcher(line).matches())
                    || (inServers && SERVERS_INLINE.matcher(line).matches())) {
                throw new CliException(
                        ExitCode.ERROR,
                        file + " defines the '" + SERVER + "' MCP server inline (" + line.strip()
                                + "); remove that line and run this again");
            }
            if (!inOurs) out.add(line);
        }
        String merged = String.join("\n", out);
        if (placed) return merged.endsWith("\n") ? merged : merged + "\n";
        if (!merged.endsWith("\n")) merged += "\n";
        return merged + "\n" + tables;
    }

    private static String tomlString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /** The file's text, or null when it does not exist. A link or a non-file is refused. */
    static String read(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return null;
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(
                    ExitCode.ERROR,
                    file + " is not a regular file (a link or a directory); refusing to write through it");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code text} to {@code file} with mode 0600 (the parent made if missing), atomically; an
     * existing file is first copied to {@code FILE.bak} (0600 too). Returns the backup, or null.
     */
    static Path write(Path file, String text, boolean hadFile) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path backup = null;
        if (hadFile) {
            backup = file.resolveSibling(file.getFileName() + ".bak");
            Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".bak.tmp");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return backup;
    }
}

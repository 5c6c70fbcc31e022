package dev.dispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.config.McpServerConfig;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The user's approvals of MCP servers declared in project dispatch.yaml files ({@code dispatch mcp trust}),
 * kept in {@code mcp-trust.json} in Dispatch's state directory (which agents may never touch). An approval
 * holds for one project (its real path), one server name and one {@link McpServerConfig#fingerprint()}:
 * the exact program, arguments and env, or URL and headers. Any change to those needs a new approval.
 * Read from the file at each check, so an approval given by another process counts at once.
 */
final class McpTrust {
    private final Path file;

    McpTrust(Path stateDir) {
        this.file = stateDir.resolve("mcp-trust.json");
    }

    Path file() {
        return file;
    }

    /** Whether {@code server} may start for {@code root}: declared by the user, or approved as it is now. */
    synchronized boolean trusted(Path root, McpServerConfig server) {
        if (!server.project()) return true;
        String fp = server.fingerprint();
        for (JsonNode e : read().path("trusted")) {
            if (e.path("project").asText().equals(root.toString())
                    && e.path("server").asText().equals(server.name())
                    && e.path("fingerprint").asText().equals(fp)) return true;
        }
        return false;
    }

    /** Records the approval of {@code server} as it is now for {@code root}, replacing an older one. */
    synchronized void trust(Path root, McpServerConfig server) {
        ObjectNode doc = read();
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode e : doc.path("trusted")) {
            if (!(e.path("project").asText().equals(root.toString())
                    && e.path("server").asText().equals(server.name()))) kept.add(e);
        }
        ObjectNode entry = kept.addObject();
        entry.put("project", root.toString());
        entry.put("server", server.name());
        entry.put("fingerprint", server.fingerprint());
        entry.put("approved", server.describe());
        entry.put("at", Instant.now().toString());
        doc.set("trusted", kept);
        write(doc);
    }

    private ObjectNode read() {
        if (!Files.isRegularFile(file)) return JsonNodeFactory.instance.objectNode();
        try {
            JsonNode n = Json.mapper().readTree(file.toFile());
            return n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            // a damaged file trusts nothing: every project server then asks again
            return JsonNodeFactory.instance.objectNode();
        }
    }

    private void write(ObjectNode doc) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "mcp-trust", ".tmp");
            Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the approval in " + file + ": " + e.getMessage(), e);
        }
    }
}

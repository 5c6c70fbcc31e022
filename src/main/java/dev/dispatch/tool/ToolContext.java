package dev.dispatch.tool;

import dev.dispatch.permission.Operation;
import dev.dispatch.permission.PermissionDecision;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.protocol.Cancellation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything a tool call may use besides its parameters: the project root (a real path), who is
 * calling (agent and session ids), the permission gate it must ask before touching anything, a sink
 * for streamed output, and the call's cancel signal. One context per tool call.
 */
public record ToolContext(
        Path projectRoot,
        String agentId,
        String sessionId,
        PermissionGate permissions,
        Consumer<ToolOutput> output,
        Cancellation cancellation) {

    public ToolContext {
        Objects.requireNonNull(projectRoot, "projectRoot");
        Objects.requireNonNull(permissions, "permissions");
        output = output == null ? chunk -> {} : output;
        cancellation = cancellation == null ? new Cancellation() : cancellation;
        try {
            projectRoot = projectRoot.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("project root " + projectRoot + " does not exist", e);
        }
    }

    /** A context with a fresh cancel signal and output discarded (tests, one-off calls). */
    public static ToolContext of(Path projectRoot, String agentId, String sessionId, PermissionGate permissions) {
        return new ToolContext(projectRoot, agentId, sessionId, permissions, null, null);
    }

    /** Asks the permission gate; may block while a person decides. */
    public PermissionDecision ask(PermissionRequest request) {
        return permissions.ask(request);
    }

    /** Asks and throws a {@link ToolFailure} carrying the refusal's reason unless allowed. */
    public void require(PermissionRequest request) {
        PermissionDecision decision = ask(request);
        if (!decision.allowed()) throw new ToolFailure("permission denied: " + decision.reason());
    }

    /**
     * Whether a walking tool may show {@code path} (an entry below a directory it was allowed to
     * walk): false when a rule refuses reading it ({@code permissions.deny}, Dispatch's own
     * directories). Asked quietly, once per entry; every tool that walks goes through
     * {@link ToolPaths#walk}, which asks this for every entry it meets.
     */
    public boolean visible(Path path) {
        return !permissions.refuses(Operation.READ, path);
    }

    public void emit(ToolOutput chunk) {
        output.accept(chunk);
    }
}

package dev.dispatch.permission;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a tool asks before it touches anything: the operation, every path it will touch (absolute;
 * the deciding side resolves them to real paths itself, so a tool cannot launder a path), the shell
 * command for {@link Operation#EXECUTE} (its working directory is the first path), and a short reason
 * a person could be shown in a prompt. {@code tool} names the asking tool (set by the dispatcher
 * through {@link PermissionGate#forTool}; null when unknown).
 */
public record PermissionRequest(Operation operation, List<Path> paths, String command, String reason, String tool) {
    public PermissionRequest(Operation operation, List<Path> paths, String command, String reason) {
        this(operation, paths, command, reason, null);
    }

    public PermissionRequest {
        Objects.requireNonNull(operation, "operation");
        paths = List.copyOf(paths);
        reason = reason == null ? "" : reason;
        if ((operation == Operation.EXECUTE || operation == Operation.MCP) && (command == null || command.isBlank())) {
            throw new IllegalArgumentException("an " + operation + " request needs the command or tool it will run");
        }
    }

    /** The same request, labelled with the tool that makes it. */
    public PermissionRequest fromTool(String toolName) {
        return new PermissionRequest(operation, paths, command, reason, toolName);
    }

    public static PermissionRequest read(Path path, String reason) {
        return new PermissionRequest(Operation.READ, List.of(path), null, reason);
    }

    public static PermissionRequest write(Path path, String reason) {
        return new PermissionRequest(Operation.WRITE, List.of(path), null, reason);
    }

    /** A call of the MCP tool {@code tool} ({@code server__tool}) by an agent working in {@code root}. */
    public static PermissionRequest mcp(String tool, Path root, String reason) {
        return new PermissionRequest(Operation.MCP, List.of(root), tool, reason, tool);
    }

    /** A shell command run with {@code cwd} as its working directory. */
    public static PermissionRequest execute(String command, Path cwd, String reason) {
        return new PermissionRequest(Operation.EXECUTE, List.of(cwd), command, reason);
    }
}

package dev.dispatch.fleet;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The Claude Code settings {@code dispatch spawn} hands a {@code claude} it starts ({@code --settings
 * FILE}, or where the catalog entry puts {@code {hook_settings}}): a {@code PreToolUse} hook on Edit,
 * MultiEdit, Write, NotebookEdit and Bash that runs {@code dispatch hook pre-tool-use}, which denies a
 * change to a path another agent holds a lock on, and a {@code Stop} hook ({@code dispatch hook stop})
 * that hands the agent its unread Dispatch messages when its turn ends, so it reads them and goes on. The file lives in the agent's runtime directory, so
 * neither the repository nor the user's own Claude settings are touched.
 */
final class ClaudeHooks {
    static final String FILE = "claude-settings.json";
    static final String MATCHER = "Edit|MultiEdit|Write|NotebookEdit|Bash";

    private ClaudeHooks() {}

    static String text() {
        return """
                {
                  "hooks": {
                    "PreToolUse": [
                      {
                        "matcher": "%s",
                        "hooks": [ { "type": "command", "command": "dispatch hook pre-tool-use", "timeout": 30 } ]
                      }
                    ],
                    "Stop": [
                      { "hooks": [ { "type": "command", "command": "dispatch hook stop", "timeout": 30 } ] }
                    ]
                  }
                }
                """
                .formatted(MATCHER);
    }

    /** Whether {@code program} (argv[0]) is Claude Code's CLI. */
    static boolean isClaude(String program) {
        return Path.of(program).getFileName().toString().equals("claude");
    }

    static Path write(Path dir) {
        Path f = dir.resolve(FILE);
        try {
            Files.writeString(f, text());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            return f;
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot write the Claude Code settings " + f + ": " + e.getMessage(), e);
        }
    }
}

package dev.dispatch.permission;

import dev.dispatch.protocol.PermissionAnswer;
import java.nio.file.Path;
import java.util.List;

/**
 * Asks a person about one request and waits for the answer. {@link PendingPrompts} does it with
 * {@code PermissionRequested} events and {@code ReplyPermission} ops; tests may answer directly.
 */
@FunctionalInterface
public interface Prompter {
    /** Blocks until answered; an interrupt propagates (the gate turns it into a refusal). */
    Reply ask(Prompt prompt) throws InterruptedException;

    /** What the person is shown. */
    record Prompt(String agentId, String tool, Operation operation, List<Path> paths, String command, String reason) {
        public Prompt {
            paths = List.copyOf(paths);
        }
    }

    /** The answer, with the operator's optional note (passed to the model on a refusal). */
    record Reply(PermissionAnswer decision, String note) {
        public Reply {
            note = note == null ? "" : note;
        }
    }
}

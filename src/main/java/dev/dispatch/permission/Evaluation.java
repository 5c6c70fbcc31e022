package dev.dispatch.permission;

import java.nio.file.Path;
import java.util.List;

/**
 * The policy's verdict on one request before any person is involved: allow, deny, or ask about
 * the listed items. {@code by} says what decided (for the log and the reason shown to the model).
 */
record Evaluation(Outcome outcome, By by, String reason, List<AskItem> items) {
    enum Outcome {
        ALLOW,
        DENY,
        ASK
    }

    /** What decided; persisted in the decision log. */
    enum By {
        ROOT,
        RULE,
        PROTECTED,
        GRANT,
        CEILING,
        MODE,
        OPERATOR,
        /** A parent agent's own grants answered its child's question ({@code approve_children}). */
        PARENT
    }

    /**
     * One thing a person is asked about: a path outside the allowed scope ({@code command} null), or
     * a command the analyser flagged ({@code path} is its cwd, {@code kind} OPAQUE or RISKY).
     */
    record AskItem(
            Operation operation,
            Path path,
            String command,
            CommandAnalysis.Concern.Kind kind,
            String reason,
            boolean implied) {
        AskItem(Operation operation, Path path, String command, CommandAnalysis.Concern.Kind kind, String reason) {
            this(operation, path, command, kind, reason, false);
        }

        boolean isPath() {
            return command == null;
        }

        /** A path the command writes by name (not the working directory a program is assumed to write). */
        boolean namedWrite() {
            return isPath() && operation == Operation.WRITE && !implied;
        }
    }

    /** The same verdict, its items marked as implied by the program rather than named by the command. */
    Evaluation implied() {
        return new Evaluation(
                outcome,
                by,
                reason,
                items.stream()
                        .map(i -> new AskItem(i.operation(), i.path(), i.command(), i.kind(), i.reason(), true))
                        .toList());
    }

    Evaluation {
        items = List.copyOf(items);
    }

    static Evaluation allow(By by, String reason) {
        return new Evaluation(Outcome.ALLOW, by, reason, List.of());
    }

    static Evaluation deny(By by, String reason) {
        return new Evaluation(Outcome.DENY, by, reason, List.of());
    }
}

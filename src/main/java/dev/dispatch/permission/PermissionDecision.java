package dev.dispatch.permission;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The final answer a tool receives. Tools only ever see allow or deny: when a policy needs to ask a
 * person, the asking side ({@link PermissionGate}) waits for that answer and returns it here, so
 * tools never change when prompts and grants arrive. The reason names the path or command and why.
 * {@code writable} lists paths outside the usual scopes this one allowance covers for writing (a
 * "once" answer), so the shell sandbox can open exactly those for this command.
 */
public record PermissionDecision(Verdict verdict, String reason, List<Path> writable) {
    /** Allowed or refused; a refusal's reason is shown to the model verbatim. */
    public enum Verdict {
        ALLOW,
        DENY
    }

    public PermissionDecision {
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason;
        writable = writable == null ? List.of() : List.copyOf(writable);
    }

    public PermissionDecision(Verdict verdict, String reason) {
        this(verdict, reason, List.of());
    }

    public static PermissionDecision allow(String reason) {
        return new PermissionDecision(Verdict.ALLOW, reason);
    }

    public static PermissionDecision deny(String reason) {
        return new PermissionDecision(Verdict.DENY, reason);
    }

    public boolean allowed() {
        return verdict == Verdict.ALLOW;
    }
}

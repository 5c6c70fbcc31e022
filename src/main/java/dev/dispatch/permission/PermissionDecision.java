package dev.dispatch.permission;

import java.util.Objects;

/**
 * The final answer a tool receives. Tools only ever see allow or deny: when a policy needs to ask a
 * person, the asking side ({@link PermissionGate}) waits for that answer and returns it here, so
 * tools never change when prompts and grants arrive. The reason names the path or command and why.
 */
public record PermissionDecision(Verdict verdict, String reason) {
    /** Allowed or refused; a refusal's reason is shown to the model verbatim. */
    public enum Verdict {
        ALLOW,
        DENY
    }

    public PermissionDecision {
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason;
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

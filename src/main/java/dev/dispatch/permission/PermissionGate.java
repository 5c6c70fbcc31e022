package dev.dispatch.permission;

/**
 * The one door every tool knocks on ({@code ctx.ask(...)}). Today {@link Permissions#gate()} answers
 * at once from the project-root rule; the permissions issue puts rules, grants and
 * {@code PermissionRequested} prompts behind the same method, which may then block until a person
 * answers. An interrupted wait must answer {@link PermissionDecision.Verdict#DENY}, never allow.
 */
@FunctionalInterface
public interface PermissionGate {
    PermissionDecision ask(PermissionRequest request);
}

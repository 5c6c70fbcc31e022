package dev.dispatch.protocol;

/** How the operator answered a permission prompt. */
public enum PermissionDecision {
    /** Allow this one call. */
    ONCE,
    /** Allow this operation on this directory subtree until the session ends. */
    SESSION,
    /** Allow and persist a rule in the user config. */
    ALWAYS,
    /** Refuse; the model gets a tool error naming the refusal (and the note). */
    DENY
}

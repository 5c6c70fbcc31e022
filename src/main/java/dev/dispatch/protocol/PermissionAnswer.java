package dev.dispatch.protocol;

/**
 * How the operator answered a permission prompt: the four answers a face offers. (What a tool receives
 * after rules, grants and this answer are applied is {@code permission.PermissionDecision}.)
 */
public enum PermissionAnswer {
    /** Allow this one call. */
    ONCE,
    /** Allow this operation on this directory subtree until the session ends. */
    SESSION,
    /** Allow and persist a rule in the user config. */
    ALWAYS,
    /** Refuse; the model gets a tool error naming the refusal (and the note). */
    DENY
}

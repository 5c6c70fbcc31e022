package dev.dispatch.skill;

/** A skill asked for by name that is missing or ambiguous; the message says what exists and how to qualify. */
public final class SkillException extends RuntimeException {
    /** Why the name did not give one skill. */
    public enum Kind {
        MISSING,
        /** The plain name exists in both scopes: qualify it. */
        AMBIGUOUS
    }

    private final Kind kind;

    public SkillException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

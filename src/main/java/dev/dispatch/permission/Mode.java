package dev.dispatch.permission;

import java.util.Locale;

/**
 * What happens to a request the policy would ask a person about. Rules that deny, and Dispatch's
 * protected directories, apply in every mode, {@link #BYPASS} included.
 */
public enum Mode {
    /** Pause the tool and ask the operator (the TUI's default). */
    ASK,
    /** Refuse with a tool error that says why (headless runs without a terminal). */
    DENY,
    /**
     * Non-interactive, trusting the project: commands the analyser cannot fully read run when every
     * path they name is allowed; anything that reaches outside the allowed paths is refused.
     */
    ACCEPT_EDITS,
    /** Allow everything the rules do not deny. Loud, and refused as root without --i-know. */
    BYPASS;

    /** Parses {@code ask}, {@code deny}, {@code accept-edits}, {@code bypass}; a clear error otherwise. */
    public static Mode parse(String text) {
        try {
            return valueOf(text.strip().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a permission mode: use ask, deny, accept-edits or bypass");
        }
    }

    /**
     * The stricter of two modes (deny, then ask, then accept-edits, then bypass). An agent template's
     * {@code permission_mode} goes through this: a repository's {@code dispatch.yaml} can make its agents
     * ask or refuse more, never less than the mode they were started in.
     */
    public Mode stricter(Mode other) {
        return strictness(other) > strictness(this) ? other : this;
    }

    private static int strictness(Mode m) {
        return switch (m) {
            case BYPASS -> 0;
            case ACCEPT_EDITS -> 1;
            case ASK -> 2;
            case DENY -> 3;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package dev.dispatch.cli;

import dev.dispatch.protocol.ErrorCode;

/** The exit statuses every command uses; documented in dispatch(1) under EXIT STATUS. */
public enum ExitCode {
    OK(0, "success"),
    ERROR(1, "error: the command failed (the message says why)"),
    USAGE(2, "usage: unknown command or option, or a bad option value"),
    NOT_FOUND(3, "not found: a named id, agent, topic or file does not exist"),
    CONFLICT(4, "conflict: lease lost, lock held, cycle, duplicate"),
    NOTHING(5, "nothing to do: e.g. no task is ready"),
    INTERRUPTED(130, "interrupted: the run was cancelled (Ctrl‑C); what it did so far is recorded");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static ExitCode of(ErrorCode error) {
        return switch (error) {
            case INVALID -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT, LEASE_LOST -> CONFLICT;
            case NOTHING_TO_DO -> NOTHING;
            default -> ERROR;
        };
    }
}

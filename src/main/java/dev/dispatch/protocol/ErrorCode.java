package dev.dispatch.protocol;

/**
 * Why an operation failed, as every face reports it: the CLI maps it to an exit code, the daemon to
 * an HTTP status, and both carry the wire name in {@code {"error":{"code": ...}}}.
 */
public enum ErrorCode {
    /** The input was malformed or out of range; nothing changed. */
    INVALID("invalid_argument", 400),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not_found", 404),
    /** The operation contradicts current state (cycle, duplicate, lock held). */
    CONFLICT("conflict", 409),
    /** The caller's lease was superseded: it must stop working on the task. */
    LEASE_LOST("lease_lost", 409),
    /** Nothing to do (no ready task); not an error for scripts that loop. */
    NOTHING_TO_DO("nothing_to_do", 404),
    TOO_LARGE("too_large", 413),
    TOO_MANY("too_many_requests", 429),
    /** The data directory is owned by another process. */
    BUSY("busy", 503),
    /** The store's disk is full: nothing was written; free space and retry. */
    DISK_FULL("disk_full", 507),
    INTERNAL("internal", 500);

    private final String wireName;
    private final int httpStatus;

    ErrorCode(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ErrorCode fromWire(String name) {
        for (ErrorCode c : values()) {
            if (c.wireName.equals(name)) return c;
        }
        return INTERNAL;
    }
}

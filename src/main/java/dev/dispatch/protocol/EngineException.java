package dev.dispatch.protocol;

/**
 * A failure every face can explain to a user: a code plus a message that names the bad value and,
 * where there is one, the fix. Messages never contain secrets.
 */
public class EngineException extends RuntimeException {
    private final ErrorCode code;

    public EngineException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public EngineException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static EngineException invalid(String message) {
        return new EngineException(ErrorCode.INVALID, message);
    }

    public static EngineException notFound(String message) {
        return new EngineException(ErrorCode.NOT_FOUND, message);
    }

    public static EngineException conflict(String message) {
        return new EngineException(ErrorCode.CONFLICT, message);
    }
}

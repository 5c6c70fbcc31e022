package dev.dispatch.daemon;

import dev.dispatch.protocol.EngineException;

/**
 * A refusal with an exact HTTP status, for the few cases an {@code ErrorCode} does not pin down
 * (415 for a non-JSON write, 405 for a wrong method). Rendered like every error:
 * {@code {"error":{"code","message"}}}.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static ApiError of(EngineException e) {
        return new ApiError(e.code().httpStatus(), e.code().wireName(), e.getMessage());
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}

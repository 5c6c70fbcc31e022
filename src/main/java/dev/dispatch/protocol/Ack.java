package dev.dispatch.protocol;

/** The answer to an op whose only result is "done"; {@code detail} says what happened, for humans. */
public record Ack(String detail) {
    public static Ack ok(String detail) {
        return new Ack(detail);
    }
}

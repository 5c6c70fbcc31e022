package dev.dispatch.protocol;

/**
 * A request to the engine whose answer has type {@code R}. Ops are records grouped by domain
 * ({@code TaskOps}, {@code AgentOps}, …); faces build them, an {@link Engine} answers them. The
 * remote engine reads {@code R} from the record's declared {@code Op<R>} to decode the answer.
 */
public interface Op<R> {}

package dev.dispatch.tool;

import dev.dispatch.shell.Redactor;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A tool's streamed output with the configured secrets redacted before anyone sees a chunk. A chunk
 * that ends with what could be the start of a secret keeps that tail back until the next chunk (of
 * the same stream) says whether it was one, so a key split across two reads is still caught;
 * {@link #flush} sends what is held when the call ends.
 */
final class RedactingOutput implements Consumer<ToolOutput> {
    private final SecretRedactor redactor;
    private final Consumer<ToolOutput> sink;
    private final Map<ToolOutput.Stream, Redactor.Stream> streams = new EnumMap<>(ToolOutput.Stream.class);

    RedactingOutput(SecretRedactor redactor, Consumer<ToolOutput> sink) {
        this.redactor = redactor;
        this.sink = sink;
    }

    @Override
    public synchronized void accept(ToolOutput chunk) {
        String now =
                streams.computeIfAbsent(chunk.stream(), s -> redactor.stream()).push(chunk.chunk());
        if (!now.isEmpty()) sink.accept(new ToolOutput(chunk.stream(), now));
    }

    /** Sends what was held back; call when the tool has finished. */
    synchronized void flush() {
        for (Map.Entry<ToolOutput.Stream, Redactor.Stream> e : streams.entrySet()) {
            String rest = e.getValue().flush();
            if (!rest.isEmpty()) sink.accept(new ToolOutput(e.getKey(), rest));
        }
    }
}

package dev.dispatch.tool;

import dev.dispatch.shell.Redactor;
import java.util.Collection;
import java.util.List;

/**
 * The last line of defence for configured secrets (API keys, the agent and operator tokens):
 * whatever any tool prints, a secret value in it becomes {@code [redacted]} before the text is
 * recorded in the session, sent as an event, or put in the model's next request.
 * {@link ToolRegistry#call} applies it to every result and streamed chunk of every tool; the
 * matching itself is the shell's {@link Redactor} (one algorithm for both), which ignores values
 * shorter than {@link Redactor#MIN_LENGTH} and replaces longer secrets first.
 */
public final class SecretRedactor {
    public static final String MARK = Redactor.MARK;
    public static final SecretRedactor NONE = new SecretRedactor(Redactor.none(), true);

    private final Redactor redactor;
    private final boolean empty;

    private SecretRedactor(Redactor redactor, boolean empty) {
        this.redactor = redactor;
        this.empty = empty;
    }

    /** A redactor for these values; blank, short and duplicate ones are dropped. */
    public static SecretRedactor of(Collection<String> values) {
        List<String> kept = values.stream()
                .filter(v -> v != null)
                .map(String::strip)
                .filter(s -> s.length() >= Redactor.MIN_LENGTH)
                .distinct()
                .toList();
        return kept.isEmpty() ? NONE : new SecretRedactor(Redactor.of(kept), false);
    }

    public boolean isEmpty() {
        return empty;
    }

    /** {@code text} with every occurrence of every secret replaced by {@link #MARK}. */
    public String redact(String text) {
        return redactor.redact(text);
    }

    /** A redactor for one stream of chunks (see {@link Redactor.Stream}). */
    Redactor.Stream stream() {
        return redactor.stream();
    }

    @Override
    public String toString() {
        return empty ? "SecretRedactor[none]" : "SecretRedactor[secrets]";
    }
}

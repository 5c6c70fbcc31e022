package dev.dispatch.shell;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The last line of defence for secrets: replaces every configured secret value (of at least
 * {@link #MIN_LENGTH} characters; shorter ones would redact ordinary words) with {@code [redacted]}
 * in text about to be recorded or sent to a model. {@link Stream} does the same for output that
 * arrives in chunks, holding back a chunk's end while it could be the start of a secret, so a key
 * split across two reads is still caught.
 */
public final class Redactor {
    public static final String MARK = "[redacted]";
    public static final int MIN_LENGTH = 8;
    private static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    public static Redactor of(Collection<String> secretValues) {
        List<String> kept = secretValues.stream()
                .filter(s -> s != null && s.length() >= MIN_LENGTH)
                .distinct()
                // longest first, so a secret containing another is replaced whole
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        return kept.isEmpty() ? NONE : new Redactor(kept);
    }

    public static Redactor none() {
        return NONE;
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) return text;
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) out = out.replace(s, MARK);
        }
        return out;
    }

    /** A redactor for one stream of chunks; not thread-safe (one per stream). */
    public Stream stream() {
        return new Stream();
    }

    /** Redacts chunked text; what {@link #push} holds back comes out of the next push or {@link #flush}. */
    public final class Stream {
        private String pending = "";

        private Stream() {}

        /** The part of {@code chunk} (after what was held back) that can be shown now, redacted. */
        public String push(String chunk) {
            String text = redact(pending + chunk);
            int hold = heldBack(text);
            pending = text.substring(text.length() - hold);
            return text.substring(0, text.length() - hold);
        }

        /** Whatever was held back, at the end of the stream. */
        public String flush() {
            String rest = pending;
            pending = "";
            return rest;
        }

        /** The length of the longest end of {@code text} that is a proper start of some secret. */
        private int heldBack(String text) {
            int hold = 0;
            for (String s : secrets) {
                for (int n = Math.min(s.length() - 1, text.length()); n > hold; n--) {
                    if (text.regionMatches(text.length() - n, s, 0, n)) {
                        hold = n;
                        break;
                    }
                }
            }
            return hold;
        }
    }
}

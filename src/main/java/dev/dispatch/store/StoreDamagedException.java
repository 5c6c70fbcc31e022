package dev.dispatch.store;

import java.nio.file.Path;

/**
 * The store file is not what dispatch left (truncated, overwritten, unreadable to H2). Every face refuses
 * to open it with this message rather than work on an empty or rolled-back store; the file itself is not
 * touched until the user asks {@code dispatch store recover} to salvage it.
 */
public final class StoreDamagedException extends StoreException {
    private final Path file;
    private final String reason;

    StoreDamagedException(Path file, String reason) {
        this(file, reason, null);
    }

    StoreDamagedException(Path file, String reason, Throwable cause) {
        super(
                "store " + file + " is damaged (" + reason + "); your data is untouched. Run 'dispatch store recover'"
                        + " to salvage it into a new store (the damaged file is kept as " + file.getFileName()
                        + ".damaged-<time>)",
                cause);
        this.file = file;
        this.reason = reason;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the advice. */
    public String reason() {
        return reason;
    }
}

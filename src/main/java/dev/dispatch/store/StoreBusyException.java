package dev.dispatch.store;

import java.nio.file.Path;

/**
 * Another process holds the data directory. Carries what is known about the holder so faces can say
 * who it is and where to reach it instead of printing a stack trace.
 */
public final class StoreBusyException extends StoreException {
    private final Path dataDir;
    private final long pid;
    private final Path socket;

    StoreBusyException(Path dataDir, OwnerFile.Holder holder, String hint) {
        super(message(dataDir, holder, hint));
        this.dataDir = dataDir;
        this.pid = holder == null ? 0 : holder.pid();
        this.socket = holder == null ? null : holder.socket();
    }

    private static String message(Path dataDir, OwnerFile.Holder holder, String hint) {
        StringBuilder m = new StringBuilder("data dir ").append(dataDir).append(" is in use by ");
        if (holder == null) {
            m.append("another process");
        } else {
            m.append("pid ").append(holder.pid());
            if (holder.socket() != null)
                m.append(" (socket ").append(holder.socket()).append(')');
            else m.append(" (").append(holder.kind()).append(", no socket)");
        }
        if (hint != null) m.append("; ").append(hint);
        return m.toString();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The holder's process id, or 0 when it could not be determined. */
    public long pid() {
        return pid;
    }

    /** The socket the holder serves, or {@code null} when it serves none or is unknown. */
    public Path socket() {
        return socket;
    }
}

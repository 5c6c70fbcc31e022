package dev.dispatch.protocol;

import java.util.List;
import java.util.Set;

/**
 * Read access to the event journal for replaying streams: events after a sequence number, in commit
 * order, and the retained range (a reader behind {@link #oldest()} gets an explicit reset).
 */
public interface JournalReader {
    /** Up to {@code limit} entries with seq greater than {@code since}, in order. */
    List<JournalEntry> after(long since, int limit);

    /** The oldest retained seq, 0 when the journal is empty. */
    long oldest();

    /** The newest seq, 0 when nothing was ever journaled. */
    long newest();

    /** Every space that has a retained event (metrics report queue depth per space). */
    Set<String> spaces();
}

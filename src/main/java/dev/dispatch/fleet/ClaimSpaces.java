package dev.dispatch.fleet;

import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.JournalEvent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The spaces where some agent ever claimed a task, learnt from the event journal ({@code TaskClaimed},
 * read page by page from where the last round stopped), so nudging reaches lease holders in every space,
 * not only in those with external agents. A space stays once seen: a round over a space with no claimed
 * task costs one query.
 */
final class ClaimSpaces {
    static final int PAGE = 1_000;

    private final Fleet fleet;
    private final Set<String> spaces = new TreeSet<>();
    private long cursor;

    ClaimSpaces(Fleet fleet) {
        this.fleet = fleet;
    }

    /** The spaces known now, after reading the journal's new claims (a few pages at most per round). */
    Set<String> now() {
        for (int page = 0; page < 5; page++) {
            CoordOps.EventsResult r =
                    fleet.coord.submit(new CoordOps.ReadEvents(cursor, null, List.of("TaskClaimed"), PAGE));
            for (JournalEvent e : r.events())
                if (e.space() != null && !JournalEvent.RESET.equals(e.type())) spaces.add(e.space());
            if (r.next() <= cursor) break;
            cursor = r.next();
            if (r.events().size() < PAGE) break;
        }
        return Set.copyOf(spaces);
    }
}

package dev.dispatch.daemon;

import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.Route;
import dev.dispatch.protocol.Route.Access;
import dev.dispatch.protocol.Routes;
import java.util.List;

/** Test ops served by {@link NoteEngine}: enough to drive every daemon path with real journal writes. */
final class NoteOps {
    private NoteOps() {}

    /** Adds a note as {@code agent} and journals {@code NoteAdded}. */
    record Add(String space, String agent, String text) implements Op<Added> {}

    record Added(String id, long seq) {}

    record Get(String id) implements Op<Note> {}

    record Note(String id, String space, String agent, String text) {}

    record ListNotes(String space, List<String> agents) implements Op<Notes> {}

    record Notes(List<Note> notes) {}

    static final Routes ROUTES = Routes.standard()
            .with(
                    new Route(Add.class, "POST", "/v1/notes", Access.AGENT, "agent"),
                    new Route(Get.class, "GET", "/v1/notes/{id}", Access.AGENT, null),
                    new Route(ListNotes.class, "GET", "/v1/notes", Access.AGENT, null));
}

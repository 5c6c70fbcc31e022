package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same scenario in-process and through the daemon (STYLE.md 12): identical answers, and failures
 * with the same code and the same message, so the CLI prints the same thing either way.
 */
class TransportScenarioTest {
    enum Transport {
        IN_PROCESS,
        DAEMON
    }

    static TestDaemon d;

    @BeforeAll
    static void start() throws Exception {
        d = new TestDaemon();
    }

    @AfterAll
    static void stop() throws Exception {
        d.close();
    }

    static Engine engine(Transport t) {
        return t == Transport.IN_PROCESS ? d.engine : d.remote();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void writeReadListAndFail(Transport t) {
        Engine e = engine(t);
        String space = "sp-" + t;
        NoteOps.Added a = e.submit(new NoteOps.Add(space, "agt_alice", "first / ünïcode ✓"));
        NoteOps.Added b = e.submit(new NoteOps.Add(space, "agt_bob", "second"));
        e.submit(new NoteOps.Add(space, "agt_carol", "third"));
        assertThat(b.seq()).isGreaterThan(a.seq());
        assertThat(e.submit(new NoteOps.Get(a.id())))
                .isEqualTo(new NoteOps.Note(a.id(), space, "agt_alice", "first / ünïcode ✓"));
        List<NoteOps.Note> two = e.submit(new NoteOps.ListNotes(space, List.of("agt_alice", "agt_bob")))
                .notes();
        assertThat(two).extracting(NoteOps.Note::agent).containsExactlyInAnyOrder("agt_alice", "agt_bob");

        EngineException missing =
                catchThrowableOfType(EngineException.class, () -> e.submit(new NoteOps.Get("note_nope/../x")));
        assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(missing.getMessage()).isEqualTo("no note 'note_nope/../x'; list them with GET /v1/notes");
        EngineException invalid =
                catchThrowableOfType(EngineException.class, () -> e.submit(new NoteOps.Add(space, "agt_alice", " ")));
        assertThat(invalid.code()).isEqualTo(ErrorCode.INVALID);
        assertThat(invalid.getMessage()).isEqualTo("note text is empty; pass text");
        if (e != d.engine) e.close();
    }
}

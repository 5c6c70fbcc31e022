package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Journal payloads: one wire name per record, each documented, each read back as the record it was
 * written from; the flat payloads (a lock, an approval) keep their documented wire shape; a newer
 * engine's extra field or unknown type does not break an older reader.
 */
class JournalPayloadTest {
    private static final Instant AT = Instant.parse("2026-12-08T01:02:03.456Z");
    private static final LockOps.LockView LOCK = new LockOps.LockView(
            "lck_1", "s", "w1", List.of("src/**"), LockOps.Mode.exclusive, 7, null, LockOps.State.held, AT, AT, null);
    private static final ApprovalOps.ApprovalView APPROVAL = new ApprovalOps.ApprovalView(
            "apr_1", "s", "w1", "ship?", List.of("yes", "no"), ApprovalOps.State.pending, null, null, AT, null, null);

    static List<JournalPayload> samples() {
        return List.of(
                new TaskOps.TaskAdded("tsk_1", "t", "default", 0, TaskOps.Status.ready),
                new TaskOps.TaskClaimed("tsk_1", 1, AT),
                new TaskOps.TaskProgressed("tsk_1", AT, "half"),
                new TaskOps.TaskCompleted("tsk_1", 1),
                new TaskOps.TaskFailed("tsk_1", 1, "boom", AT),
                new TaskOps.TaskRescued("tsk_1", 1, "w1"),
                new TaskOps.TaskDead("tsk_1", 3),
                new TaskOps.TaskReady("tsk_1", "backoff elapsed"),
                new TaskOps.TaskCancelled("tsk_1", TaskOps.Status.ready),
                new TaskOps.TaskRetried("tsk_1", TaskOps.Status.dead, TaskOps.Status.ready),
                new AgentOps.AgentRegistered("agt_1", "w1", null, List.of("java"), "dev", null, null, null, null),
                new AgentOps.AgentStatusChanged(AgentOps.Status.blocked, "on it", null, null, null),
                new AgentOps.AgentDrained("w1"),
                new AgentOps.AgentUndrained("w1"),
                new AgentOps.AgentRemoved("w1", List.of("w2"), null),
                new LockOps.LockAcquired(LOCK),
                new LockOps.LockRenewed(LOCK),
                new LockOps.LockReleased(LOCK, "released"),
                new LockOps.LockExpired(LOCK, "ttl ran out"),
                new MessageOps.MessagesRead("w1", List.of(1L, 2L)),
                new MessageOps.MessageAcked("msg_1", "w1", 3),
                new KnowledgeOps.KnowledgeWritten("notes/a", 2, 10),
                new ApprovalOps.ApprovalRequested(APPROVAL),
                new ApprovalOps.ApprovalDecided(APPROVAL),
                new KeyEvents.KeySwitched("agt_1", "first", "second", "fast", "first exhausted"),
                new KeyEvents.ConfigReloaded(List.of("/h/config.yaml"), AT),
                new KeyEvents.SkillsReloaded("/p", 1, List.of(), AT),
                new JournalEvent.Reset(1, 9));
    }

    @Test
    void everyPayloadReadsBackAsTheRecordItWasWrittenFromUnderItsOwnName() throws Exception {
        Set<String> names = new HashSet<>();
        for (JournalPayload p : samples()) {
            JournalEvent e = new JournalEvent(5, "s", "w1", AT, p);
            String wire = Json.mapper().writeValueAsString(e);
            JsonNode n = Json.mapper().readTree(wire);
            assertThat(n.get("type").asText()).as(wire).isEqualTo(p.type());
            assertThat(fields(n)).as(wire).containsExactly("seq", "type", "space", "agent", "at", "data");
            assertThat(Json.mapper().readValue(wire, JournalEvent.class))
                    .as(wire)
                    .isEqualTo(e);
            assertThat(JournalEvent.decode(p.type(), n.get("data").toString())).isEqualTo(p);
            assertThat(names.add(p.type()))
                    .as("one payload per name: " + p.type())
                    .isTrue();
        }
        assertThat(names).contains("reset");
    }

    @Test
    void everyRecordOfTheSealedHierarchyHasASampleAndADocumentedName() throws Exception {
        List<String> declared = new ArrayList<>();
        collect(JournalPayload.class, declared);
        declared.remove("Unknown");
        declared.remove("Reset");
        declared.add("reset");
        Set<String> sampled = new HashSet<>();
        samples().forEach(p -> sampled.add(p.type()));
        sampled.add("MessageSent");
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(declared);
        String docs =
                Files.readString(Path.of("docs/cli-json.md")) + Files.readString(Path.of("docs/cli-json-share.md"));
        for (String name : declared)
            assertThat(docs).as("docs/cli-json*.md documents " + name).contains("`" + name + "`");
    }

    @Test
    void aLockAndAnApprovalKeepTheirFlatWireShape() throws Exception {
        JsonNode lock = Json.mapper().valueToTree(new LockOps.LockAcquired(LOCK));
        assertThat(lock.get("id").asText()).isEqualTo("lck_1");
        assertThat(lock.get("token").asLong()).isEqualTo(7);
        JsonNode approval = Json.mapper().valueToTree(new ApprovalOps.ApprovalRequested(APPROVAL));
        assertThat(approval.get("question").asText()).isEqualTo("ship?");
        JsonNode released = Json.mapper().valueToTree(new LockOps.LockReleased(LOCK, "done"));
        assertThat(released.get("lock").get("id").asText()).isEqualTo("lck_1");
        assertThat(released.get("reason").asText()).isEqualTo("done");
    }

    @Test
    void aNewerEnginesExtraFieldAndUnknownTypeDoNotBreakAnOlderReader() throws Exception {
        assertThat(JournalEvent.decode("TaskDead", "{\"id\":\"tsk_1\",\"attempts\":3,\"addedLater\":true}"))
                .isEqualTo(new TaskOps.TaskDead("tsk_1", 3));
        JournalPayload unknown = JournalEvent.decode("TaskTeleported", "{\"id\":\"tsk_1\"}");
        assertThat(unknown).isInstanceOf(JournalEvent.Unknown.class);
        assertThat(unknown.type()).isEqualTo("TaskTeleported");
        String wire = Json.mapper().writeValueAsString(new JournalEvent(3, "s", null, AT, unknown));
        assertThat(wire).contains("\"type\":\"TaskTeleported\"", "\"data\":{\"id\":\"tsk_1\"}");
    }

    private static void collect(Class<?> c, List<String> out) {
        for (Class<?> sub : c.getPermittedSubclasses()) {
            if (sub.isInterface()) collect(sub, out);
            else out.add(sub.getSimpleName());
        }
    }

    private static List<String> fields(JsonNode n) {
        List<String> l = new ArrayList<>();
        n.fieldNames().forEachRemaining(l::add);
        return l;
    }
}

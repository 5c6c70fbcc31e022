package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainJson#read(String, Type)} is held to {@link Json#mapper()}: every answer type of the route
 * table, filled with awkward values and with every nullable field null, reads back from the mapper's
 * JSON as the same value the mapper reads; so do empty objects and explicit nulls (absent primitives are
 * 0 and false, absent lists null); unknown fields, values of the wrong kind, malformed and over-deep
 * documents and types the wire does not use are refused, saying where.
 */
class PlainDecoderTest {
    /** Answer types holding what PlainJson does not read (a payload typed by a field); refused, naming the type. */
    private static final Set<String> TREES = Set.of("EventsResult", "JournalEvent");

    @Test
    void everyAnswerReadsBackAsTheMapperReadsIt() throws Exception {
        int checked = 0;
        for (Route route : Routes.standard().all()) {
            JavaType jackson = OpCodec.answerType(route.op());
            Type plain = PlainJson.answerType(route.op());
            // the answer type as Jackson's own type resolution finds it from the op's declared interfaces
            JavaType[] resolved = Json.mapper().getTypeFactory().findTypeParameters(route.op(), Op.class);
            assertThat(resolved).as(route.toString()).hasSize(1);
            assertThat(jackson).as(route.toString()).isEqualTo(resolved[0]);
            Class<?> raw = jackson.getRawClass();
            if (!raw.isRecord() || TREES.contains(raw.getSimpleName())) continue;
            for (boolean nulls : new boolean[] {false, true}) {
                Record sample = Samples.sample(raw, nulls, List.of());
                String text = Json.mapper().writeValueAsString(sample);
                assertThat(PlainJson.read(text, plain))
                        .as(route + (nulls ? " with nulls" : ""))
                        .isEqualTo(sample)
                        .isEqualTo(Json.mapper().readValue(text, jackson));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(60);
        assertThatThrownBy(() -> PlainJson.read(
                        "{\"events\":[{\"seq\":1,\"data\":{}}],\"next\":2}", CoordOps.EventsResult.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not read dev.dispatch.protocol.JournalEvent (at $.events[0])");
    }

    @Test
    void absentAndNullFieldsReadAsTheMapperReadsThem() throws Exception {
        for (Route route : Routes.standard().all()) {
            JavaType jackson = OpCodec.answerType(route.op());
            Class<?> raw = jackson.getRawClass();
            if (!raw.isRecord() || TREES.contains(raw.getSimpleName())) continue;
            Map<String, Object> nulls = new LinkedHashMap<>();
            for (RecordComponent c : raw.getRecordComponents()) nulls.put(c.getName(), null);
            String explicit = withNulls(nulls);
            for (String text : List.of("{}", explicit)) {
                assertThat(PlainJson.read(text, raw))
                        .as(route + " " + text)
                        .isEqualTo(Json.mapper().readValue(text, jackson));
            }
        }
        assertThat(PlainJson.read("null", TaskOps.TaskView.class)).isNull();
        TaskOps.TaskView empty = (TaskOps.TaskView) PlainJson.read("{}", TaskOps.TaskView.class);
        assertThat(empty.priority()).isZero();
        assertThat(empty.capabilities()).isNull();
    }

    @Test
    void refusesWhatTheMapperRefusesOrTheWireNeverSends() {
        Type view = TaskOps.TaskView.class;
        assertThatThrownBy(() -> PlainJson.read("{\"id\":\"t\",\"bogus\":1}", view))
                .hasMessageContaining("unknown field 'bogus' at $ for TaskView");
        assertThatThrownBy(() -> PlainJson.read("{\"priority\":\"high\"}", view))
                .hasMessageContaining("expected an integer at $.priority, got \"high\"");
        assertThatThrownBy(() -> PlainJson.read("{\"priority\":3000000000}", view))
                .hasMessageContaining("expected an int at $.priority, got 3000000000 (out of range)");
        assertThatThrownBy(() -> PlainJson.read("{\"priority\":1.5}", view)).hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> PlainJson.read("{\"id\":7}", view))
                .hasMessageContaining("expected a string at $.id, got 7");
        assertThatThrownBy(() -> PlainJson.read("{\"capabilities\":\"a\"}", view))
                .hasMessageContaining("expected an array at $.capabilities");
        assertThatThrownBy(() -> PlainJson.read("{\"capabilities\":[1]}", view))
                .hasMessageContaining("expected a string at $.capabilities[0], got 1");
        assertThatThrownBy(() -> PlainJson.read("{\"createdAt\":\"yesterday\"}", view))
                .hasMessageContaining("expected an ISO-8601 time at $.createdAt, got \"yesterday\"");
        assertThatThrownBy(() -> PlainJson.read("{\"createdAt\":\"2026-02-30T00:00:00Z\"}", view))
                .hasMessageContaining("$.createdAt");
        assertThatThrownBy(() -> PlainJson.read("[]", view))
                .hasMessageContaining("expected an object at $, got an array");
        assertThatThrownBy(() -> PlainJson.read("{\"tasks\":[{\"attempt\":true}]}", TaskOps.TaskList.class))
                .hasMessageContaining("at $.tasks[0].attempt, got true");
        assertThatThrownBy(() -> PlainJson.read("{\"importance\":\"loud\"}", MessageOps.MessageView.class))
                .hasMessageContaining("unknown Importance \"loud\" at $.importance");
        assertThatThrownBy(() -> PlainJson.read("{\"queues\":{\"q\":{\"ready\":\"1\"}}}", CoordOps.StatsResult.class))
                .hasMessageContaining("expected an integer at $.queues.q.ready");
        assertThatThrownBy(() -> PlainJson.read("{\"tasks\":[", TaskOps.TaskList.class))
                .hasMessageContaining("malformed JSON");
        String deep = "{\"tasks\":" + "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1) + "}";
        assertThatThrownBy(() -> PlainJson.read(deep, TaskOps.TaskList.class))
                .hasMessageContaining("nested deeper than " + Json.MAX_DEPTH);
        assertThatThrownBy(() -> PlainJson.read("\"PT1S\"", Duration.class)).hasMessageContaining("java.time.Duration");
        assertThatThrownBy(() -> PlainJson.read("[]", Set.class)).hasMessageContaining("java.util.Set");
        assertThatThrownBy(() -> PlainJson.answerType(String.class))
                .hasMessageContaining("java.lang.String does not declare Op<R>");
        assertThat(PlainJson.read("{\"ackedAt\":\"2026-11-21T17:28:44+01:00\"}", MessageOps.AckResult.class))
                .isEqualTo(new MessageOps.AckResult(null, null, Instant.parse("2026-11-21T16:28:44Z"), false));
    }

    /** An object with every field of {@code fields} explicitly null (the mapper drops nulls when writing). */
    private static String withNulls(Map<String, Object> fields) {
        StringBuilder b = new StringBuilder("{");
        for (String name : fields.keySet()) {
            if (b.length() > 1) b.append(',');
            PlainJson.string(b, name);
            b.append(":null");
        }
        return b.append('}').toString();
    }
}

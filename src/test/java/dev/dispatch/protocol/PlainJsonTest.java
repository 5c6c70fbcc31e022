package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlainJson} is held to {@link Json#mapper()}: every op of the route table, filled with awkward
 * values and with every nullable field null, writes a document the mapper reads as the same tree it
 * writes itself; requests encoded by {@link OpCodec} decode back to the op; documents read back as
 * written; malformed and over-deep input is refused with the offset.
 */
class PlainJsonTest {
    private static final String AWKWARD = Samples.AWKWARD;

    @Test
    void everyOpWritesWhatTheMapperWrites() throws Exception {
        int checked = 0;
        for (Route route : Routes.standard().all()) {
            for (boolean nulls : new boolean[] {false, true}) {
                Record op = Samples.sample(route.op(), nulls, List.of());
                JsonNode expected = Json.mapper().valueToTree(op);
                assertThat(Json.mapper().readTree(PlainJson.write(op)))
                        .as(route + (nulls ? " with nulls" : ""))
                        .isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(80);
    }

    @Test
    void everyOpSurvivesTheRequestEncodingBothWays() {
        for (Route route : Routes.standard().all()) {
            for (boolean nulls : new boolean[] {false, true}) {
                Op<?> op = (Op<?>) Samples.sampleForPath(route.op(), nulls, route.pathParams());
                OpCodec.HttpCall call = OpCodec.encode(route, op);
                int q = call.target().indexOf('?');
                String path = q < 0 ? call.target() : call.target().substring(0, q);
                Routes.Match match = Routes.standard().match(call.method(), path);
                assertThat(match).as(call.target()).isNotNull();
                Op<?> back = OpCodec.decode(
                        route,
                        match.pathParams(),
                        OpCodec.parseQuery(q < 0 ? null : call.target().substring(q + 1)),
                        call.body() == null ? null : call.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(back).as(route.toString()).isEqualTo(expectedAfterWire(route, op));
            }
        }
    }

    @Test
    void readsDocumentsAsWritten() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", AWKWARD);
        doc.put("n", 42L);
        doc.put("neg", -7L);
        doc.put("d", 2.5);
        doc.put("t", true);
        doc.put("list", List.of("a", 1L, false));
        doc.put("nested", Map.of("k", List.of()));
        String text = Json.mapper().valueToTree(doc).toString() + "  \n";
        assertThat(PlainJson.read(text)).isEqualTo(doc);
        assertThat(PlainJson.read(" null ")).isNull();
        assertThat(PlainJson.read("{\"e\":\"\\u00e9\\/\"}")).isEqualTo(Map.of("e", "é/"));
    }

    @Test
    void refusesMalformedAndOverDeepDocumentsSayingWhere() {
        assertThatThrownBy(() -> PlainJson.read("{\"a\":1,}")).hasMessageContaining("offset 7");
        assertThatThrownBy(() -> PlainJson.read("{\"a\" 1}")).hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> PlainJson.read("\"open")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> PlainJson.read("[1] [2]")).hasMessageContaining("after the document");
        assertThatThrownBy(() -> PlainJson.read("tru")).hasMessageContaining("unexpected 't'");
        assertThatThrownBy(() -> PlainJson.read("1-2")).hasMessageContaining("bad number");
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThatThrownBy(() -> PlainJson.read(deep)).hasMessageContaining("nested deeper than " + Json.MAX_DEPTH);
        assertThatThrownBy(() -> PlainJson.write(new Object())).hasMessageContaining("cannot write java.lang.Object");
    }

    @Test
    void daemonRegistryReadsBackWhatTheDaemonWrites(@TempDir Path dir) throws Exception {
        DaemonInfo info = new DaemonInfo(
                4242, "/run/d.sock", 7777, "1.2.3", "/data", Instant.parse("2026-11-21T17:28:44.720Z"), "run");
        info.write(dir);
        assertThat(DaemonInfo.read(dir)).isEqualTo(info);
        Files.writeString(dir.resolve(DaemonInfo.FILE), "{\"pid\":1,\"socket\":\"/s\",\"newField\":[1]}");
        assertThat(DaemonInfo.read(dir)).isEqualTo(new DaemonInfo(1, "/s", 0, null, null, null, null));
        Files.writeString(dir.resolve(DaemonInfo.FILE), "{\"pid\":1,"); // torn write
        assertThat(DaemonInfo.read(dir)).isNull();
    }

    @Test
    void registryInstantsReadAsInstantParseReadsThem() {
        for (String t : List.of(
                "2026-11-21T17:28:44Z",
                "2026-11-21T17:28:44.7Z",
                "2026-11-21T17:28:44.720Z",
                "2026-11-21T17:45:07.478791073Z",
                "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999999Z",
                "2026-11-21T17:28:44+01:00",
                "+12026-11-21T17:28:44Z")) {
            assertThat(DaemonInfo.instant(t)).as(t).isEqualTo(Instant.parse(t));
        }
        for (String bad : List.of(
                "2026-13-21T17:28:44Z",
                "2026-11-21T25:28:44Z",
                "2026-02-29T00:00:00Z",
                "2100-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-00-10T00:00:00Z",
                "2026-01-00T00:00:00Z")) {
            assertThatThrownBy(() -> DaemonInfo.instant(bad))
                    .as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }

    /** The registry's own date arithmetic against java.time, every day of years 0–9999 at the edges and 1600–2500. */
    @Test
    void epochDaysAreJavaTimesForEveryDay() {
        for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() < 10_000; d = d.plusDays(1)) {
            if (d.getYear() == 3 && d.getDayOfYear() == 1) d = LocalDate.of(1600, 1, 1);
            if (d.getYear() == 2501 && d.getDayOfYear() == 1) d = LocalDate.of(9997, 1, 1);
            long mine = DaemonInfo.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            if (mine != d.toEpochDay()) assertThat(mine).as(d.toString()).isEqualTo(d.toEpochDay());
        }
    }

    /** What the server decodes: an empty list sent as a query parameter arrives as no parameter (null). */
    private static Op<?> expectedAfterWire(Route route, Op<?> op) {
        if (!"GET".equals(route.method()) && !"DELETE".equals(route.method())) return op;
        try {
            RecordComponent[] cs = op.getClass().getRecordComponents();
            Object[] args = new Object[cs.length];
            for (int i = 0; i < cs.length; i++) {
                Object v = cs[i].getAccessor().invoke(op);
                args[i] = v instanceof List<?> l && l.isEmpty() ? null : v;
            }
            return (Op<?>) Samples.canonical(op.getClass()).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}

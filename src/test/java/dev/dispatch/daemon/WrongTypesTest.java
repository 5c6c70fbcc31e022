package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.Route;
import dev.dispatch.protocol.Routes;
import java.io.StringWriter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route of the standard table, over a real daemon on a real store: each body field of each op
 * (found from the op record's components, so a new route or field is covered without a test edit) gets
 * a value of each wrong JSON type, an out-of-range number and a negative one, alone in the body. Each
 * answer is {@code 400 invalid_argument} naming the field and what it must be, shows no Java class
 * name or stack trace, and the journal's newest sequence has not moved. Query parameters of GET routes
 * get the same for their typed fields, and a body with every field left out is refused in the same
 * words (never a 500).
 */
class WrongTypesTest {
    /** What no error message may contain: Java package or nested-class names, exception names, stack frames. */
    private static final Pattern LEAK = Pattern.compile(
            "java\\.|javax\\.|com\\.fasterxml|dev\\.dispatch|jakarta\\.|org\\.eclipse|\\$[A-Z]|Exception|\\bat [a-z]+\\.|`");

    /** How a refusal says a value is missing. */
    private static final Pattern MISSING =
            Pattern.compile("(?i)required|missing|give (a|an|one)|is empty|must not be empty|needs? (a|an)\\b");

    private final HttpClient http = HttpClient.newHttpClient();
    private Path home;
    private Daemon daemon;

    @BeforeEach
    void start() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "wt-");
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        daemon = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        // something in the journal, so "did not move" compares against a real sequence
        assertThat(send("POST", "/v1/spaces/web/agents", "{\"name\":\"w1\"}").statusCode())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        daemon.stop();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyBodyFieldOfEveryRouteRefusesEachWrongType() throws Exception {
        int checked = 0;
        long before = newestSeq();
        for (Route route : Routes.standard().all()) {
            if (!hasBody(route)) continue;
            for (RecordComponent c : route.op().getRecordComponents()) {
                if (route.pathParams().contains(c.getName())) continue;
                for (String wrong : wrongValues(c)) {
                    String body = "{\"" + c.getName() + "\":" + wrong + "}";
                    HttpResponse<String> r = send(route.method(), target(route, ""), body);
                    String as = route + " " + body + " → " + r.body();
                    assertThat(r.statusCode()).as(as).isEqualTo(400);
                    JsonNode error = Json.mapper().readTree(r.body()).path("error");
                    assertThat(error.path("code").asText()).as(as).isEqualTo("invalid_argument");
                    String message = error.path("message").asText();
                    assertThat(message).as(as).contains("'" + c.getName()).doesNotContainPattern(LEAK);
                    assertThat(message)
                            .as(as)
                            .doesNotContain(route.op().getSimpleName())
                            .containsPattern("must be|unknown field");
                    checked++;
                }
            }
            assertThat(newestSeq()).as("journal after " + route).isEqualTo(before);
        }
        assertThat(checked).as("wrong values sent").isGreaterThan(150);
    }

    @Test
    void theMessageSaysWhatTheFieldMustBe() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/spaces/web/tasks", "{\"title\":\"t\",\"priority\":\"high\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("'priority' must be an integer, got \\\"high\\\"");
        r = send(
                "POST",
                "/v1/spaces/web/messages",
                "{\"from\":\"w1\",\"to\":\"all\",\"text\":\"x\",\"importance\":\"urgent\"}");
        assertThat(r.body()).contains("'importance' must be one of low, normal, high, got \\\"urgent\\\"");
        r = send("POST", "/v1/spaces/web/tasks", "{\"title\":\"t\",\"capabilities\":[\"a\",7]}");
        assertThat(r.body()).contains("'capabilities[1]' must be a string, got 7");
        r = send("POST", "/v1/spaces/web/tasks", "{\"title\":\"t\",\"bogus\":1}");
        assertThat(r.body()).contains("unknown field 'bogus'").doesNotContainPattern(LEAK);
        r = send("POST", "/v1/spaces/web/tasks", "{\"title\":");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("not valid JSON").doesNotContainPattern(LEAK);
    }

    @Test
    void anAgentStatusOutsideTheEnumIsRefusedByNameWithTheAllowedWords() throws Exception {
        long before = newestSeq();
        for (String bad : List.of("\"sleepy\"", "\"ACTIVE\"", "\"\"", "7", "[\"done\"]")) {
            HttpResponse<String> r =
                    send("POST", "/v1/spaces/web/agents/w1/status", "{\"status\":" + bad + ",\"summary\":\"x\"}");
            String as = bad + " → " + r.body();
            assertThat(r.statusCode()).as(as).isEqualTo(400);
            JsonNode error = Json.mapper().readTree(r.body()).path("error");
            assertThat(error.path("code").asText()).as(as).isEqualTo("invalid_argument");
            assertThat(error.path("message").asText())
                    .as(as)
                    .contains("'status'")
                    .contains("active, idle, blocked, done, error, cancelled")
                    .doesNotContainPattern(LEAK);
        }
        assertThat(newestSeq()).isEqualTo(before);
        HttpResponse<String> shown = send("GET", "/v1/spaces/web/agents/w1", null);
        assertThat(Json.mapper().readTree(shown.body()).at("/agent/status").asText())
                .isEqualTo("idle");
        HttpResponse<String> ok = send("POST", "/v1/spaces/web/agents/w1/status", "{\"status\":\"blocked\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"status\":\"blocked\"");
    }

    @Test
    void aTaskStatusFilterOutsideTheEnumIsRefusedByNameWithTheAllowedWords() throws Exception {
        assertThat(send("POST", "/v1/spaces/web/tasks", "{\"title\":\"t\"}").statusCode())
                .isEqualTo(200);
        long before = newestSeq();
        for (String bad : List.of("bogus", "READY", "ready%2Cdone", "")) {
            HttpResponse<String> r = send("GET", "/v1/spaces/web/tasks?status=" + bad, null);
            String as = bad + " → " + r.body();
            assertThat(r.statusCode()).as(as).isEqualTo(400);
            JsonNode error = Json.mapper().readTree(r.body()).path("error");
            assertThat(error.path("code").asText()).as(as).isEqualTo("invalid_argument");
            assertThat(error.path("message").asText())
                    .as(as)
                    .contains("'status'")
                    .contains("pending, ready, claimed, waiting, done, dead, cancelled")
                    .doesNotContainPattern(LEAK);
        }
        assertThat(newestSeq()).isEqualTo(before);
        HttpResponse<String> ok = send("GET", "/v1/spaces/web/tasks?status=ready", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"status\":\"ready\"");
    }

    @Test
    void typedQueryParametersOfEveryGetRouteRefuseWrongValues() throws Exception {
        int checked = 0;
        for (Route route : Routes.standard().all()) {
            if (hasBody(route)) continue;
            for (RecordComponent c : route.op().getRecordComponents()) {
                Class<?> t = c.getType();
                boolean typed = t == Integer.class
                        || t == int.class
                        || t == Long.class
                        || t == long.class
                        || t == Boolean.class
                        || t == boolean.class
                        || t.isEnum();
                if (!typed || route.pathParams().contains(c.getName())) continue;
                HttpResponse<String> r = send(route.method(), target(route, "?" + c.getName() + "=zz9"), null);
                String as = route + " ?" + c.getName() + "=zz9 → " + r.body();
                assertThat(r.statusCode()).as(as).isEqualTo(400);
                assertThat(r.body()).as(as).contains("'" + c.getName() + "'").doesNotContainPattern(LEAK);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5);
    }

    @Test
    void aBodyMissingEveryFieldIsRefusedByNameAndChangesNothing() throws Exception {
        long before = newestSeq();
        for (Route route : Routes.standard().all()) {
            if (!hasBody(route) || bodyFields(route).isEmpty()) continue;
            HttpResponse<String> r = send(route.method(), target(route, ""), "{}");
            String as = route + " {} → " + r.body();
            assertThat(r.statusCode()).as(as).isBetween(400, 499);
            assertThat(r.body()).as(as).doesNotContainPattern(LEAK);
            if (r.statusCode() == 400) {
                String message = Json.mapper()
                        .readTree(r.body())
                        .path("error")
                        .path("message")
                        .asText();
                assertThat(bodyFields(route).stream().anyMatch(f -> names(message, f)))
                        .as(as + ": names one of " + bodyFields(route))
                        .isTrue();
            }
        }
        assertThat(newestSeq()).isEqualTo(before);
    }

    /**
     * Each body field left out alone, the others given plausible values: when the answer changes to a
     * 400 that says something is missing, it names that field; nothing is ever a 500 or leaks a class name, and a refused body changes nothing.
     */
    @Test
    void eachBodyFieldLeftOutAloneIsNamedWhenTheOpNeedsIt() throws Exception {
        int named = 0;
        for (Route route : Routes.standard().all()) {
            if (!hasBody(route)) continue;
            List<String> fields = bodyFields(route);
            if (fields.isEmpty()) continue;
            HttpResponse<String> full = send(route.method(), target(route, ""), plausible(route, null));
            assertThat(full.statusCode())
                    .as(route + " full body → " + full.body())
                    .isLessThan(500);
            for (String left : fields) {
                long before = newestSeq();
                String body = plausible(route, left);
                HttpResponse<String> r = send(route.method(), target(route, ""), body);
                String as = route + " " + body + " → " + r.body();
                assertThat(r.statusCode()).as(as).isLessThan(500);
                assertThat(r.body()).as(as).doesNotContainPattern(LEAK);
                if (r.statusCode() >= 400)
                    assertThat(newestSeq()).as("journal after " + as).isEqualTo(before);
                if (r.statusCode() != 400 || full.body().equals(r.body())) continue;
                String message = Json.mapper()
                        .readTree(r.body())
                        .path("error")
                        .path("message")
                        .asText();
                if (!MISSING.matcher(message).find()) continue; // refused for another field's value first
                assertThat(names(message, left))
                        .as(as + ": names '" + left + "'")
                        .isTrue();
                named++;
            }
        }
        assertThat(named).as("required fields found and named").isGreaterThan(20);
    }

    /** A body with the same plausible value for every body field of {@code route} each time, but {@code leftOut}. */
    private String plausible(Route route, String leftOut) {
        var body = Json.mapper().createObjectNode();
        for (RecordComponent c : route.op().getRecordComponents()) {
            String n = c.getName();
            if (route.pathParams().contains(n) || n.equals(leftOut)) continue;
            Class<?> t = c.getType();
            if (t == String.class) {
                body.put(
                        n,
                        switch (n) {
                            case "space" -> "web";
                            case "name" -> "n" + route.op().getSimpleName().length();
                            case "agent", "from", "to", "holder", "by", "owner", "requester" -> "w1";
                            default -> "x1";
                        });
            } else if (t == Integer.class || t == int.class || t == Long.class || t == long.class) body.put(n, 1);
            else if (t == Boolean.class || t == boolean.class) body.put(n, false);
            else if (t.isEnum()) body.put(n, t.getEnumConstants()[0].toString().toLowerCase());
            else if (Collection.class.isAssignableFrom(t)) body.putArray(n);
            else if (Map.class.isAssignableFrom(t)) body.putObject(n);
        }
        return body.toString();
    }

    /** Whether {@code message} names field {@code f} (in its JSON spelling or a spaced/dashed one). */
    private static boolean names(String message, String f) {
        String spaced = f.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
        String dashed = f.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
        String m = message.toLowerCase();
        return m.contains(f.toLowerCase()) || m.contains(spaced) || m.contains(dashed);
    }

    private static List<String> bodyFields(Route route) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : route.op().getRecordComponents())
            if (!route.pathParams().contains(c.getName())) out.add(c.getName());
        return out;
    }

    /** JSON values of the wrong type (or range) for component {@code c}. */
    private static List<String> wrongValues(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == String.class) return List.of("5", "[]", "{}", "true");
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class)
            return List.of("\"x\"", "1e400", "-1", "1.5", "true", "[]", "99999999999999999999999");
        if (t == Boolean.class || t == boolean.class) return List.of("\"yes\"", "1", "{}");
        if (t.isEnum()) return List.of("5", "\"no-such-value\"", "[]");
        if (Collection.class.isAssignableFrom(t)) {
            boolean ofStrings =
                    c.getGenericType() instanceof ParameterizedType p && p.getActualTypeArguments()[0] == String.class;
            return ofStrings ? List.of("\"x\"", "{}", "5", "[5]", "[[]]") : List.of("\"x\"", "{}", "5");
        }
        return List.of("5", "\"x\"");
    }

    private static boolean hasBody(Route route) {
        return !route.method().equals("GET") && !route.method().equals("DELETE");
    }

    private static String target(Route route, String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : route.pathParams()) values.put(p, p.equals("space") ? "web" : "p1");
        return route.expand(values) + query;
    }

    private long newestSeq() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/journal?since=0&limit=100000", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).path("next").asLong();
    }

    private HttpResponse<String> send(String method, String target, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + target))
                .header("Authorization", "Bearer " + daemon.operatorToken())
                .header("Content-Type", "application/json");
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

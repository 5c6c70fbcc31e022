package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every route's path parameters, both ways: a value with a control character (a newline, a tab, NUL,
 * DEL) is refused by name, with the value escaped and the rule, before the client sends anything and
 * when the daemon decodes one, never left to the HTTP server's bare 400. A backslash or an encoded
 * '/' is data and passes.
 */
class PathParamsTest {
    @Test
    void everyPathParameterOfEveryRouteRefusesControlCharactersByName() {
        int checked = 0;
        for (Route r : Routes.standard().all()) {
            List<String> params = r.pathParams();
            for (String bad : params) {
                for (String value : List.of("a\nb", "a\tb", "a\u0000b", "a\u007fb", "a\u0085b")) {
                    Map<String, String> values = new HashMap<>();
                    for (String p : params) values.put(p, "ok");
                    values.put(bad, value);
                    assertThatThrownBy(() -> r.expand(values))
                            .as("%s with %s=%s", r, bad, value)
                            .isInstanceOfSatisfying(EngineException.class, e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                                assertThat(e.getMessage())
                                        .startsWith(bad + " 'a\\u00")
                                        .contains("holds the control character U+00", r.toString(), "printable");
                            });
                    values.put(bad, PathCodec.encode(value));
                    String raw = r.template();
                    for (String p : params)
                        raw = raw.replace("{" + p + "}", p.equals(bad) ? PathCodec.encode(value) : "ok");
                    String path = raw;
                    assertThatThrownBy(() -> Routes.standard().match(r.method(), path))
                            .as("daemon side: %s %s", r.method(), path)
                            .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getMessage())
                                    .contains(bad + " 'a\\u00", "U+00"));
                }
                checked++;
            }
        }
        assertThat(checked).as("routes with path parameters").isGreaterThan(40);
    }

    @Test
    void backslashesSlashesAndDotsArePlainData() {
        Route r = Routes.standard().route(WorktreeOps.RemoveWorktree.class);
        for (String value : List.of("a\\b", "a/../b", "..", "é✓")) {
            String path = r.expand(Map.of("name", value));
            Routes.Match m = Routes.standard().match(r.method(), path);
            assertThat(m.pathParams().get("name")).isEqualTo(value);
        }
    }
}

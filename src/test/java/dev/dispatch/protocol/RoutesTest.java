package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The route table is unambiguous, matches what it expands, and every route is documented. */
class RoutesTest {
    static final Path API_DOC = Path.of(System.getProperty("dispatch.basedir", "."), "docs", "api.md");

    @Test
    void everyRouteMatchesItsOwnExpansionAndNoOther() {
        for (Route r : Routes.standard().all()) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            for (String p : r.pathParams()) values.put(p, "x_" + p);
            String path = r.expand(values);
            Routes.Match m = Routes.standard().match(r.method(), path);
            assertThat(m).as(r.toString()).isNotNull();
            assertThat(m.route()).isEqualTo(r);
            assertThat(m.pathParams()).isEqualTo(values);
        }
    }

    @Test
    void everyRouteIsDocumentedInApiMd() throws Exception {
        String doc = Files.readString(API_DOC);
        for (Route r : Routes.standard().all()) {
            assertThat(doc).as("docs/api.md documents %s", r).contains("`" + r.method() + " " + r.template() + "`");
        }
        for (String fixed : new String[] {"`GET /v1/health`", "`GET /v1/events`", "`GET /metrics`"}) {
            assertThat(doc).contains(fixed);
        }
        for (ErrorCode c : ErrorCode.values()) assertThat(doc).contains("`" + c.wireName() + "`");
    }

    @Test
    void twoOpsOnOneRouteAreRefused() {
        record Dup() implements Op<Ack> {}
        assertThatThrownBy(() ->
                        Routes.standard().with(new Route(Dup.class, "GET", "/v1/daemon", Route.Access.OPERATOR, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two ops on GET /v1/daemon");
    }

    @Test
    void aLiteralSegmentBeatsAParameterAndIdsAreDecoded() {
        Routes.Match ready = Routes.standard().match("GET", "/v1/spaces/s/tasks/ready");
        assertThat(ready).isNotNull();
        assertThat(ready.route().template()).isEqualTo("/v1/spaces/{space}/tasks/ready");
        Routes.Match one = Routes.standard().match("GET", "/v1/spaces/s/tasks/a%2F..%2Fb");
        assertThat(one.route().template()).isEqualTo("/v1/spaces/{space}/tasks/{id}");
        assertThat(one.pathParams()).containsEntry("id", "a/../b").containsEntry("space", "s");
        assertThat(Routes.standard().match("GET", "/v1/spaces//tasks/x"))
                .as("empty parameter")
                .isNull();
        assertThat(Routes.standard().match("GET", "/v1/spaces/s/tasks/x/"))
                .as("trailing slash")
                .isNull();
        assertThat(Routes.standard().match("BREW", "/v1/daemon")).isNull();
    }

    @Test
    void allowedListsTheMethodsOfAPathForA405() {
        assertThat(Routes.standard().allowed("/v1/daemon")).containsExactly("GET");
        assertThat(Routes.standard().allowed("/v1/nowhere")).isEmpty();
    }
}

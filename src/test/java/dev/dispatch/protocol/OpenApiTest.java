package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json is generated from the route table and the op records ({@link OpenApi}); this test
 * keeps the committed file true. Refresh it with {@code ./dev docs}
 * ({@code -Ddispatch.updateDocs=true}).
 */
class OpenApiTest {
    static final Path DOC = Path.of("docs/openapi.json");
    static final String API_VERSION = "v1";

    @Test
    void committedDocumentMatchesTheCode() throws Exception {
        String generated = OpenApi.document(Routes.standard(), API_VERSION);
        if (Boolean.getBoolean("dispatch.updateDocs")) Files.writeString(DOC, generated);
        assertThat(DOC).as("run ./dev docs to create it").exists();
        assertThat(Files.readString(DOC))
                .as("docs/openapi.json is stale: run ./dev docs")
                .isEqualTo(generated);
    }

    @Test
    void everyRouteIsThereWithItsPathParametersAndEveryReferenceResolves() throws Exception {
        JsonNode doc = Json.mapper().readTree(OpenApi.document(Routes.standard(), API_VERSION));
        for (Route r : Routes.standard().all()) {
            JsonNode op = doc.path("paths").path(r.template()).path(r.method().toLowerCase(Locale.ROOT));
            assertThat(op.isObject()).as("%s in the document", r).isTrue();
            List<String> inPath = new ArrayList<>();
            op.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("path"))
                    inPath.add(p.path("name").asText());
            });
            assertThat(inPath).as("path parameters of %s", r).containsExactlyInAnyOrderElementsOf(r.pathParams());
        }
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode())
                    .as("%s resolves", ref)
                    .isFalse();
        }
    }

    @Test
    void aBodyFieldTheDocumentNamesIsAFieldTheCodecSends() throws Exception {
        JsonNode doc = Json.mapper().readTree(OpenApi.document(Routes.standard(), API_VERSION));
        Route next = Routes.of(TaskOps.ClaimNextTask.class);
        JsonNode body = doc.at(
                "/paths/" + next.template().replace("/", "~1") + "/post/requestBody/content/application~1json/schema");
        OpCodec.HttpCall call = OpCodec.encode(next, new TaskOps.ClaimNextTask("demo", "w1", "main"));
        JsonNode sent = Json.mapper().readTree(call.body());
        sent.fieldNames()
                .forEachRemaining(f -> assertThat(body.path("properties").has(f))
                        .as("field %s", f)
                        .isTrue());
        assertThat(body.path("properties").has("space"))
                .as("space travels in the path")
                .isFalse();
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            if (n.has("$ref")) out.add(n.get("$ref").asText());
            n.forEach(c -> collectRefs(c, out));
        } else if (n.isArray()) {
            n.forEach(c -> collectRefs(c, out));
        }
    }
}

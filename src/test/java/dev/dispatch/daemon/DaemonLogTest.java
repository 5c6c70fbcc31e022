package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The hand-built request line is one valid JSON object, whatever characters the caller's names hold. */
class DaemonLogTest {
    @Test
    void requestLinesAreValidJsonWithUserTextEscaped() throws Exception {
        StringWriter out = new StringWriter();
        DaemonLog log = new DaemonLog(out);
        log.request("req_1", "POST", "/v1/spaces/{space}/tasks", 409, 1_234_567, "sp\"ace/a\\g\nent\u0001é");
        log.request("req_2", "GET", "/v1/health", 200, 5_000, null);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = Json.mapper().readTree(lines[0]);
        assertThat(first.get("event").asText()).isEqualTo("request");
        assertThat(first.get("requestId").asText()).isEqualTo("req_1");
        assertThat(first.get("route").asText()).isEqualTo("/v1/spaces/{space}/tasks");
        assertThat(first.get("status").asInt()).isEqualTo(409);
        assertThat(first.get("durationMs").asDouble()).isEqualTo(1.23);
        assertThat(first.get("caller").asText()).isEqualTo("sp\"ace/a\\g\nent\u0001é");
        assertThat(first.get("at").asText()).isNotBlank();
        JsonNode second = Json.mapper().readTree(lines[1]);
        assertThat(second.has("caller")).isFalse();
        assertThat(second.get("durationMs").asDouble()).isEqualTo(0.01);
    }
}

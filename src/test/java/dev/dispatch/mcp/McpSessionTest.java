package dev.dispatch.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.TaskOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport-independent session on a real in-process engine: the handshake and its negotiation,
 * JSON-RPC framing errors (each answered with the right code and id, or not at all for notifications),
 * batches only where the negotiated revision has them, what 2025-03-26 clients get, and the stdio framing.
 */
class McpSessionTest {
    @TempDir
    Path dir;

    Engine engine;
    McpServer server = new McpServer("test");

    @BeforeEach
    void open() {
        engine = Engines.local(Dirs.resolve(Map.of("DISPATCH_HOME", dir.toString())), Map.of());
        engine.submit(new AgentOps.RegisterAgent("s", "ann", null, null, null, null, null));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private McpSession session() {
        return server.session(Identity.agent("s", "ann"), engine::submit);
    }

    private static JsonNode send(McpSession s, String json) {
        return s.handle(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String init(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    }

    private static String call(int id, String tool, String args) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + args + "}}";
    }

    @Test
    void framingErrorsGetTheirCodes() {
        McpSession s = session();
        assertThat(send(s, "{oops").at("/error/code").asInt()).isEqualTo(JsonRpc.PARSE_ERROR);
        assertThat(send(s, "{oops").get("id").isNull()).isTrue();
        assertThat(send(s, "{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}")
                        .at("/error/code")
                        .asInt())
                .isEqualTo(JsonRpc.INVALID_REQUEST);
        assertThat(send(s, "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}")
                        .at("/error/code")
                        .asInt())
                .isEqualTo(JsonRpc.INVALID_REQUEST);
        assertThat(send(s, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"ping\",\"params\":[1]}")
                        .at("/error/code")
                        .asInt())
                .isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(send(s, "42").at("/error/code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
        // ping works before initialize; tools do not
        assertThat(send(s, "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}")
                        .at("/result")
                        .isObject())
                .isTrue();
        JsonNode early = send(s, call(2, "task_list", "{}"));
        assertThat(early.at("/error/message").asText()).contains("initialize first");
        assertThat(early.at("/id").asInt()).isEqualTo(2);
        // notifications and stray responses are never answered
        assertThat(send(s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}"))
                .isNull();
        assertThat(send(s, "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}")).isNull();
        assertThat(send(s, init("2025-11-25")).at("/result/protocolVersion").asText())
                .isEqualTo("2025-11-25");
        assertThat(send(s, init("2025-11-25")).at("/error/message").asText()).contains("already initialized");
        assertThat(send(s, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/subscribe\"}")
                        .at("/error/code")
                        .asInt())
                .isEqualTo(JsonRpc.METHOD_NOT_FOUND);
    }

    @Test
    void batchesOnlyIn20250326() {
        McpSession latest = session();
        send(latest, init("2025-11-25"));
        JsonNode refused = send(latest, "[" + call(1, "task_list", "{}") + "]");
        assertThat(refused.at("/error/message").asText()).contains("batches are not supported in protocol 2025-11-25");

        McpSession old = session();
        JsonNode hello = send(old, init("2025-03-26"));
        assertThat(hello.at("/result/protocolVersion").asText()).isEqualTo("2025-03-26");
        assertThat(hello.at("/result/serverInfo/title").isMissingNode()).isTrue();
        JsonNode replies = send(
                old,
                "[" + call(1, "task_add", "{\"title\":\"one\"}")
                        + ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}," + call(2, "task_list", "{}") + "]");
        assertThat(replies.isArray()).isTrue();
        assertThat(replies).hasSize(2);
        // 2025-03-26 has no structuredContent: the JSON text carries the answer
        assertThat(replies.get(0).at("/result/structuredContent").isMissingNode())
                .isTrue();
        assertThat(replies.get(0).at("/result/content/0/text").asText()).contains("\"title\":\"one\"");
        JsonNode tools = send(old, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
        assertThat(tools.at("/result/tools/0/title").isMissingNode()).isTrue();
    }

    @Test
    void everyToolHasASchemaThatListsItsArgumentsAndRefusesOthers() {
        McpSession s = session();
        send(s, init("2025-06-18"));
        JsonNode tools = send(s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                .at("/result/tools");
        assertThat(tools).hasSize(21);
        for (JsonNode t : tools) {
            assertThat(t.at("/inputSchema/type").asText()).isEqualTo("object");
            assertThat(t.at("/inputSchema/additionalProperties").asBoolean(true))
                    .isFalse();
            assertThat(t.at("/description").asText()).hasSizeGreaterThan(30);
            assertThat(t.at("/title").asText()).isNotBlank();
            JsonNode r = send(s, call(3, t.get("name").asText(), "{\"bogus_arg\":1}"));
            assertThat(r.at("/result/isError").asBoolean())
                    .as(t.get("name").asText())
                    .isTrue();
            assertThat(r.at("/result/content/0/text").asText()).contains("bogus_arg");
        }
        assertThat(engine.submit(new TaskOps.ListTasks("s", null, null, null, null))
                        .tasks())
                .isEmpty();
    }

    @Test
    void anAgentStatusOutsideWhatAnAgentMaySetIsRefusedByNameWithTheAllowedWords() {
        McpSession s = session();
        send(s, init("2025-06-18"));
        String mine = "active, idle, blocked, done, error";
        for (String bad : List.of("\"sleepy\"", "\"ACTIVE\"", "\"cancelled\"", "7")) {
            JsonNode r = send(s, call(3, "agent_status", "{\"status\":" + bad + ",\"summary\":\"x\"}"));
            assertThat(r.at("/result/isError").asBoolean()).as(bad).isTrue();
            assertThat(r.at("/result/content/0/text").asText())
                    .as(bad)
                    .contains("'status'")
                    .contains(bad)
                    .contains(mine);
        }
        JsonNode ok = send(s, call(4, "agent_status", "{\"status\":\"blocked\"}"));
        assertThat(ok.at("/result/isError").asBoolean()).as(ok.toString()).isFalse();
        assertThat(ok.at("/result/content/0/text").asText()).contains("blocked").doesNotContain("\"x\"");
        JsonNode schema = send(s, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}")
                .at("/result/tools");
        int seen = 0;
        for (JsonNode t : schema)
            if (t.get("name").asText().equals("agent_status")) {
                seen++;
                assertThat(t.at("/inputSchema/properties/status/enum").toString())
                        .isEqualTo("[\"active\",\"idle\",\"blocked\",\"done\",\"error\"]");
            }
        assertThat(seen).isEqualTo(1);
    }

    @Test
    void aTaskStatusOutsideTheEnumIsRefusedByNameWithTheAllowedWords() {
        McpSession s = session();
        send(s, init("2025-06-18"));
        send(s, call(2, "task_add", "{\"title\":\"one\"}"));
        for (String bad : List.of("\"bogus\"", "\"READY\"", "7")) {
            JsonNode r = send(s, call(3, "task_list", "{\"status\":" + bad + "}"));
            assertThat(r.at("/result/isError").asBoolean()).as(bad).isTrue();
            assertThat(r.at("/result/content/0/text").asText())
                    .as(bad)
                    .contains("'status'")
                    .contains(bad)
                    .contains("pending, ready, claimed, waiting, done, dead, cancelled");
        }
        JsonNode ok = send(s, call(4, "task_list", "{\"status\":\"ready\"}"));
        assertThat(ok.at("/result/isError").asBoolean()).isFalse();
        assertThat(ok.at("/result/content/0/text").asText()).contains("one");
        JsonNode schema = send(s, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}")
                .at("/result/tools");
        for (JsonNode t : schema)
            if (t.get("name").asText().equals("task_list"))
                assertThat(t.at("/inputSchema/properties/status/enum").toString())
                        .isEqualTo("[\"pending\",\"ready\",\"claimed\",\"waiting\",\"done\",\"dead\",\"cancelled\"]");
    }

    @Test
    void tasksAndTopicsAreResourcesOfTheSessionsSpaceOnly() {
        McpSession s = session();
        send(s, init("2025-11-25"));
        send(s, call(2, "kb_write", "{\"topic\":\"design/locks\",\"text\":\"use globs\"}"));
        String id = send(s, call(3, "task_add", "{\"title\":\"r\"}"))
                .at("/result/structuredContent/task/id")
                .asText();
        JsonNode list = send(s, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/list\"}");
        assertThat(list.at("/result/resources/0/uri").asText()).isEqualTo("dispatch://s/knowledge/design/locks");
        JsonNode topic = read(s, "dispatch://s/knowledge/design/locks");
        assertThat(topic.at("/result/contents/0/text").asText()).contains("\"text\":\"use globs\"");
        assertThat(read(s, "dispatch://s/tasks/" + id)
                        .at("/result/contents/0/text")
                        .asText())
                .contains("\"title\":\"r\"")
                .contains("\"history\"");
        assertThat(read(s, "dispatch://s/tasks/task_nope").at("/error/code").asInt())
                .isEqualTo(-32002);
        assertThat(read(s, "dispatch://other/tasks/" + id).at("/error/message").asText())
                .contains("may not read");
        assertThat(read(s, "file:///etc/passwd").at("/error/message").asText()).contains("unknown resource");
        assertThat(read(s, "dispatch://s/knowledge/../../x").at("/error/code").asInt())
                .isNotZero();
    }

    @Test
    void approvalWaitAnswersPendingAtItsTimeoutAndBoundsIt() {
        McpSession s = session();
        send(s, init("2025-11-25"));
        String id = send(s, call(2, "approval_request", "{\"question\":\"ok?\"}"))
                .at("/result/structuredContent/id")
                .asText();
        JsonNode waited = send(s, call(3, "approval_wait", "{\"id\":\"" + id + "\",\"timeout\":0}"));
        assertThat(waited.at("/result/structuredContent/state").asText()).isEqualTo("pending");
        JsonNode tooLong = send(s, call(4, "approval_wait", "{\"id\":\"" + id + "\",\"timeout\":3600}"));
        assertThat(tooLong.at("/result/content/0/text").asText()).contains("'timeout' must be 0..50 seconds, got 3600");
        JsonNode missing = send(s, call(5, "approval_wait", "{\"id\":\"apr_nope\",\"timeout\":0}"));
        assertThat(missing.at("/result/content/0/text").asText())
                .contains("not_found")
                .contains("apr_nope");
    }

    @Test
    void theOperatorNamesTheActingAgentAndSpace() {
        McpSession op = server.session(Identity.operator(null), engine::submit);
        send(op, init("2025-11-25"));
        assertThat(send(op, call(2, "task_list", "{}"))
                        .at("/result/content/0/text")
                        .asText())
                .contains("argument 'space' is required");
        assertThat(send(op, call(3, "task_next", "{\"space\":\"s\"}"))
                        .at("/result/content/0/text")
                        .asText())
                .contains("argument 'agent' is required for the operator");
        JsonNode reg = send(op, call(4, "agent_register", "{\"space\":\"s\",\"name\":\"bo\"}"));
        assertThat(reg.at("/result/structuredContent/token").asText()).startsWith("dsp_");
        JsonNode claim = send(op, call(5, "task_next", "{\"space\":\"s\",\"agent\":\"bo\"}"));
        assertThat(claim.at("/result/content/0/text").asText()).contains("nothing_to_do");
    }

    private static JsonNode read(McpSession s, String uri) {
        return send(
                s, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":{\"uri\":\"" + uri + "\"}}");
    }

    @Test
    void stdioAnswersEveryLineAndSkipsBlankOnes() throws Exception {
        String in = init("2025-11-25") + "\n\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                + call(2, "task_add", "{\"title\":\"über ✓\"}") + "\n{broken\n" + call(3, "agent_heartbeat", "{}")
                + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StdioTransport(session(), out).serve(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)));
        List<JsonNode> replies = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n"))
            replies.add(Json.mapper().readTree(line));
        assertThat(replies).hasSize(4); // initialize, task_add, the parse error, heartbeat
        assertThat(replies).anySatisfy(r -> assertThat(
                        r.at("/result/structuredContent/task/title").asText())
                .isEqualTo("über ✓"));
        assertThat(replies)
                .anySatisfy(r -> assertThat(r.at("/error/code").asInt()).isEqualTo(JsonRpc.PARSE_ERROR));
        assertThat(replies).anySatisfy(r -> assertThat(
                        r.at("/result/structuredContent/name").asText())
                .isEqualTo("ann"));
    }
}

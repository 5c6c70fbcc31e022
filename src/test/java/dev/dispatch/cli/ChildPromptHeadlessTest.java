package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A summoned child's permission request in a headless {@code dispatch run} on a real terminal (tmux):
 * it reaches the person, never the parent model, as a {@code permission_request} line naming the
 * child's ancestry ({@code main › reader}) and as the run's terminal prompt. Answered inline by the
 * run hosting the engine, and from a second shell ({@code dispatch permission reply}) with the run
 * attached to a daemon started by {@code dispatch daemon start}.
 */
@Tag("slow")
class ChildPromptHeadlessTest {
    private static final String PROMPT = "[o]nce [s]ession [a]lways [d]eny?";

    @TempDir
    Path project;

    @Test
    void aChildsPromptIsAnsweredOnTheRunsTerminal() throws Exception {
        childAsks(false);
    }

    @Test
    void aChildsPromptIsAnsweredFromAnotherShellWithTheRunAttachedToADaemon() throws Exception {
        childAsks(true);
    }

    private void childAsks(boolean daemon) throws Exception {
        Path home = ScriptedHome.create("cph-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            Path note = Files.createDirectories(home.resolve("outside")).resolve("note.txt");
            Files.writeString(note, "forty-two\n");
            server.forConversation("ORCH")
                    .replyToolCalls(
                            call("c1", "summon_agent", "{\"task\":\"READER read the note\",\"name\":\"reader\"}"))
                    .replyToolCalls(call("c2", "wait_agents", "{\"timeout\":120}"))
                    .replyText("orch done");
            server.forConversation("READER")
                    .replyToolCalls(call("c3", "read_file", "{\"path\":\"" + note + "\"}"))
                    .replyText("reader read it");
            if (daemon) {
                var started = DispatchProcess.run(home, project, Map.of(), "daemon", "start", "--no-port");
                assertThat(started.exit()).as(started.err()).isZero();
            }
            Path out = home.resolve("run.jsonl");
            List<String> args = new ArrayList<>(daemon ? List.of() : List.of("--no-daemon"));
            args.addAll(List.of("run", "--output-format", "stream-json", "ORCH read it through a child"));
            try (TmuxPane run = TmuxPane.start(home, project, 200, 40, List.of(), args, "> " + out)) {
                String pane = run.waitFor("the child's prompt", s -> s.contains(PROMPT));
                assertThat(pane).contains("main › reader");
                JsonNode request = awaitLine(out, "permission_request");
                assertThat(request.path("ancestry").asText()).isEqualTo("main › reader");
                assertThat(request.path("parent_id").asText()).isNotBlank();
                if (daemon) {
                    var reply = DispatchProcess.run(
                            home,
                            project,
                            Map.of(),
                            "permission",
                            "reply",
                            request.path("request_id").asText(),
                            "once");
                    assertThat(reply.exit()).as(reply.err()).isZero();
                } else {
                    run.type("o");
                }
                assertThat(run.awaitExit()).as("pane:%n%s", run.text()).isZero();
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(out)) lines.add(Json.mapper().readTree(l));
            String reader = lines.stream()
                    .filter(l -> l.path("type").asText().equals("agent_started")
                            && l.path("name").asText().equals("reader"))
                    .findFirst()
                    .orElseThrow()
                    .path("agent_id")
                    .asText();
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("type").asText()).isEqualTo("tool_result");
                assertThat(l.path("agent_id").asText()).isEqualTo(reader);
                assertThat(l.path("result").asText()).contains("forty-two");
            });
            assertThat(lines.get(lines.size() - 1).path("result").asText()).isEqualTo("orch done");
            // the parent model never saw the request: only the person answered it
            String id = lines.stream()
                    .filter(l -> l.path("type").asText().equals("permission_request"))
                    .findFirst()
                    .orElseThrow()
                    .path("request_id")
                    .asText();
            assertThat(server.requests()).noneSatisfy(r -> assertThat(r.body()).contains(id));
        } finally {
            if (daemon) DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
            ScriptedHome.delete(home);
        }
    }

    private static JsonNode awaitLine(Path out, String type) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(out)) {
                for (String l : Files.readAllLines(out)) {
                    if (l.contains("\"type\":\"" + type + "\""))
                        return Json.mapper().readTree(l);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " line in " + out);
    }
}

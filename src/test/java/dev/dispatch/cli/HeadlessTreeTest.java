package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 1, headless: a {@code dispatch run} whose agent summons a detached planner; the planner asks
 * two questions, which another shell answers with {@code dispatch agent answer}; it writes plan.md and
 * reports back. Every stream-json line names its agent and parent. Once with the run hosting the
 * engine, once attached to a daemon started with {@code dispatch daemon start}.
 */
@Tag("slow")
class HeadlessTreeTest {
    @TempDir
    Path project;

    Path home;
    ScriptedModelServer model;
    final Map<String, String> env = Map.of("SCRIPTED_KEY", ScriptedModelServer.CANARY_KEY);

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "ht-"); // short: the socket path has a length limit
        model = ScriptedModelServer.start();
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: t, provider: scripted, env: SCRIPTED_KEY } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                default_model: fast
                """
                        .formatted(model.baseUrl()));
        model.forConversation("ORCH")
                .replyToolCalls(call("summon_agent", "task", "PLAN the release", "name", "planner", "detached", true))
                .replyToolCalls(call("wait_agents", "timeout", 120))
                .replyText("the plan is ready");
        model.forConversation("PLAN the release")
                .replyToolCalls(call("ask_user", "question", "Which version?"))
                .replyToolCalls(call("ask_user", "question", "Which day?"))
                .replyToolCalls(call("write_file", "path", "plan.md", "content", "release plan"))
                .replyText("plan.md written");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DispatchProcess.run(home, project, env, "daemon", "stop");
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aRunsDetachedPlannerIsAnsweredFromAnotherShell() throws Exception {
        check(planAndAnswer("--no-daemon"));
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, env, "daemon", "start", "--no-port");
        assertThat(started.exit()).as(started.err()).isZero();
        List<JsonNode> lines = planAndAnswer();
        check(lines);
        DispatchProcess.Run status = DispatchProcess.run(home, project, env, "daemon", "status", "--json");
        assertThat(Json.mapper().readTree(status.out()).path("kind").asText()).isEqualTo("daemon");
    }

    private List<JsonNode> planAndAnswer(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.dispatch.Main"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("run", "--output-format", "stream-json", "ORCH plan the release"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile());
        pb.environment().put("DISPATCH_HOME", home.toString());
        pb.environment().remove("DISPATCH_AGENT_TOKEN");
        pb.environment().putAll(env);
        pb.redirectError(home.resolve("run.err").toFile());
        Process run = pb.start();
        List<JsonNode> lines = new ArrayList<>();
        List<String> answers = new ArrayList<>(List.of("2.0", "Friday"));
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode o = Json.mapper().readTree(line);
                lines.add(o);
                if (o.path("type").asText().equals("question")) {
                    DispatchProcess.Run a = DispatchProcess.run(
                            home,
                            project,
                            env,
                            "agent",
                            "answer",
                            o.get("question_id").asText(),
                            answers.remove(0));
                    assertThat(a.exit()).as(a.err()).isZero();
                    assertThat(a.out()).contains("answered");
                }
            }
        } finally {
            if (!run.waitFor(60, TimeUnit.SECONDS)) run.destroyForcibly();
        }
        assertThat(run.exitValue())
                .as(Files.readString(home.resolve("run.err")))
                .isZero();
        return lines;
    }

    private void check(List<JsonNode> lines) throws Exception {
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.has("agent_id")).as(l.toString()).isTrue();
            assertThat(l.has("parent_id")).as(l.toString()).isTrue();
        });
        JsonNode end = lines.get(lines.size() - 1);
        assertThat(end.path("type").asText()).isEqualTo("end");
        assertThat(end.path("result").asText()).isEqualTo("the plan is ready");
        String root = end.path("agent_id").asText();
        JsonNode planner = lines.stream()
                .filter(l -> l.path("type").asText().equals("agent_started")
                        && l.path("name").asText().equals("planner"))
                .findFirst()
                .orElseThrow();
        assertThat(planner.path("parent_id").asText()).isEqualTo(root);
        List<JsonNode> questions = lines.stream()
                .filter(l -> l.path("type").asText().equals("question"))
                .toList();
        assertThat(questions)
                .hasSize(2)
                .allSatisfy(q -> assertThat(q.path("ancestry").asText()).isEqualTo("main › planner"));
        assertThat(lines.stream().filter(l -> l.path("type").asText().equals("agent_finished")))
                .anySatisfy(f -> assertThat(f.path("result").asText()).isEqualTo("plan.md written"));
        assertThat(Files.readString(project.resolve("plan.md"))).isEqualTo("release plan");
        // the planner's second request carried the first answer
        assertThat(model.requests().stream().map(r -> r.body()).filter(b -> b.contains("\\\"answer\\\":\\\"2.0\\\"")))
                .isNotEmpty();
    }

    private static ScriptedReply.ToolCall call(String name, Object... kv) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (int i = 0; i < kv.length; i += 2)
            o.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        return ScriptedModelServer.call("c_" + name + o.hashCode(), name, o.toString());
    }
}

package dev.dispatch.daemon;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.Routes;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, class 9: events are scoped by {@link EventScope}, on the real daemon (real engine, real H2,
 * an in-process agent on the scripted model server), over loopback HTTP and the Unix socket. An agent
 * token sees its own space's journal and nothing else: not another space's messages, not in-process
 * agents' model text or tool calls; asking for another space is a 403 on the stream as on the journal.
 * The operator sees everything.
 */
class EventScopeTest {
    static final String S2_SECRET = "s2-private-message-text";
    static final String MODEL_SECRET = "model-private-text";
    static final String TOOL_SECRET = "tool-private-title";

    Path home;
    Path project;
    Dirs dirs;
    Daemon daemon;
    ScriptedModelServer model;
    RemoteEngine operator;
    final List<Closeable> streams = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        model = ScriptedModelServer.start();
        home = Files.createTempDirectory(Path.of("/tmp"), "es-");
        project = Files.createDirectories(home.resolve("proj"));
        dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Files.createDirectories(dirs.config());
        Files.writeString(
                dirs.userConfigFile(),
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s", max_tokens: 1000 }
                keys:
                  - { id: k, provider: scripted, secret: sk-test-scope-0001 }
                models:
                  - { id: fast, provider: scripted, name: claude-scripted }
                default_model: fast
                """
                        .formatted(model.baseUrl()));
        daemon = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        operator = new RemoteEngine(
                new UnixHttp(dirs.socket()),
                daemon.operatorToken(),
                Routes.standard(),
                DaemonInfo.read(dirs.runtime()));
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Closeable c : streams) c.close();
        operator.close();
        daemon.stop();
        model.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One SSE connection's frames as "event|data" strings, collected on their own thread. */
    final class Frames implements Closeable {
        final int status;
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final Closeable connection;

        Frames(int status, InputStream body, Closeable connection) {
            this.status = status;
            this.connection = connection;
            streams.add(this);
            Thread.ofVirtual().start(() -> read(body));
        }

        private void read(InputStream body) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isEmpty()) {
                        if (event != null) frames.add(event + "|" + data);
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        /** Every frame up to and including the first that contains {@code marker}. */
        List<String> until(String marker) throws InterruptedException {
            List<String> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                String f = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) throw new AssertionError("no frame with '" + marker + "' after " + out);
                out.add(f);
                if (f.contains(marker)) return out;
            }
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }

    Frames http(String token, String query) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/v1/events" + query))
                .header("Authorization", "Bearer " + token)
                .build();
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        return new Frames(r.statusCode(), r.body(), r.body());
    }

    Frames unix(String token, String query) throws IOException {
        UnixHttp.Stream s =
                new UnixHttp(dirs.socket()).stream("/v1/events" + query, Map.of("Authorization", "Bearer " + token));
        return new Frames(s.status(), s.body(), s.connection());
    }

    UnixHttp.Response journal(String token, String query) throws IOException {
        try (UnixHttp h = new UnixHttp(dirs.socket())) {
            return h.send("GET", "/v1/journal" + query, Map.of("Authorization", "Bearer " + token), null);
        }
    }

    @Test
    void anAgentTokenSeesOnlyItsOwnSpaceAndNoRuntimeStreamsOnEitherTransport() throws Exception {
        String a = operator.submit(new AgentOps.RegisterAgent("s1", "a", List.of(), null, null, null, null))
                .token();
        operator.submit(new AgentOps.RegisterAgent("s1", "a2", List.of(), null, null, null, null));
        operator.submit(new AgentOps.RegisterAgent("s2", "b", List.of(), null, null, null, null));
        Frames opAll = http(daemon.operatorToken(), "");
        Frames aHttp = http(a, "");
        Frames aUnix = unix(a, "?since=0");
        Frames aByAgent = http(a, "?agent=b"); // narrowing by another space's agent shows nothing of it either
        assertThat(List.of(opAll.status, aHttp.status, aUnix.status, aByAgent.status))
                .containsOnly(200);

        // 1) another space's message, an in-process agent's model text and tool call, then a marker in s1
        operator.submit(
                new MessageOps.SendMessage("s2", "b", "b", S2_SECRET, null, MessageOps.Importance.normal, false));
        model.reply(ScriptedReply.toolCalls(
                call("c1", "task_list", "{\"action\":\"add\",\"title\":\"" + TOOL_SECRET + "\"}")));
        model.replyText(MODEL_SECRET);
        var started = operator.submit(SessionOps.StartAgent.of("go", project.toString()));
        List<String> operatorFrames = new ArrayList<>(opAll.until("AgentFinished"));
        operator.submit(
                new MessageOps.SendMessage("s1", "a2", "a", "end-marker", null, MessageOps.Importance.normal, false));

        // 2) the operator saw all of it; the agent only its space's journal, ending with the marker
        operatorFrames.addAll(opAll.until("end-marker"));
        String seenByOperator = String.join("\n", operatorFrames);
        assertThat(seenByOperator).contains(S2_SECRET, MODEL_SECRET, TOOL_SECRET, started.agentId());
        for (Frames f : List.of(aHttp, aUnix)) {
            List<String> seen = f.until("end-marker");
            assertThat(String.join("\n", seen)).doesNotContain(S2_SECRET, MODEL_SECRET, TOOL_SECRET, started.agentId());
            assertThat(seen).allSatisfy(frame -> assertThat(frame).contains("\"space\":\"s1\""));
            assertThat(seen)
                    .extracting(frame -> frame.substring(0, frame.indexOf('|')))
                    .contains("MessageSent")
                    .doesNotContain(
                            "TextDelta", "ToolCallStarted", "ToolCallFinished", "AgentStarted", "AgentFinished");
        }
        assertThat(aByAgent.frames).isEmpty();
        // the replaying stream (since=0) started from the journal's beginning: s1's registrations, not s2's
        assertThat(journal(a, "?since=0").text()).contains("AgentRegistered").doesNotContain("\"s2\"");
    }

    @Test
    void anotherSpaceIsForbiddenOnTheStreamAsOnTheJournalWhileTheOperatorMayAskForAny() throws Exception {
        String a = operator.submit(new AgentOps.RegisterAgent("s1", "a", List.of(), null, null, null, null))
                .token();
        operator.submit(new AgentOps.RegisterAgent("s2", "b", List.of(), null, null, null, null));
        operator.submit(
                new MessageOps.SendMessage("s2", "b", "b", S2_SECRET, null, MessageOps.Importance.normal, false));

        Frames viaHttp = http(a, "?space=s2&since=0");
        Frames viaUnix = unix(a, "?space=s2&since=0");
        UnixHttp.Response journal = journal(a, "?space=s2&since=0");
        assertThat(List.of(viaHttp.status, viaUnix.status, journal.status())).containsOnly(403);
        String refusal = "agent 'a' belongs to space 's1' and may not see the events of space 's2'";
        assertThat(journal.text()).contains(refusal).doesNotContain(S2_SECRET);

        // its own space by name or by default: only s1's events, on the journal too
        assertThat(http(a, "?space=s1").status).isEqualTo(200);
        String own = journal(a, "?since=0").text();
        assertThat(own)
                .contains("\"space\":\"s1\"")
                .doesNotContain("\"space\":\"s2\"")
                .doesNotContain(S2_SECRET);

        // the operator may name any space
        Frames op = unix(daemon.operatorToken(), "?space=s2&since=0");
        assertThat(op.status).isEqualTo(200);
        assertThat(op.until(S2_SECRET)).last().asString().contains("MessageSent");
        assertThat(journal(daemon.operatorToken(), "?space=s2&since=0").text()).contains(S2_SECRET);
    }
}

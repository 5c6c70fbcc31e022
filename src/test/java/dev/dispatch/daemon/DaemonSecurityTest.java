package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.client.RemoteEngine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RELIABILITY.md "Daemon and API security": every case over real sockets against a real daemon. */
class DaemonSecurityTest {
    static TestDaemon d;

    @BeforeAll
    static void start() throws Exception {
        d = new TestDaemon();
    }

    @AfterAll
    static void stop() throws Exception {
        d.close();
    }

    private static String auth(String token) {
        return "Authorization: Bearer " + token + "\r\n";
    }

    private static RawHttp.Reply post(String host, String headers, String body) throws Exception {
        return RawHttp.send(d.port(), RawHttp.request("POST", "/v1/notes", host, headers, body));
    }

    private static int notes() {
        return d.engine.list(new NoteOps.ListNotes(null, null)).notes().size();
    }

    private static final String JSON = "Content-Type: application/json\r\n";
    private static final String NOTE = "{\"space\":\"s\",\"agent\":\"agt_alice\",\"text\":\"hi\"}";

    @Test
    void everyRouteButHealthNeedsAToken() throws Exception {
        for (String path : new String[] {"/v1/daemon", "/v1/notes", "/metrics", "/v1/events", "/v1/openapi.json"}) {
            RawHttp.Reply r = RawHttp.send(d.port(), RawHttp.request("GET", path, "localhost", "", null));
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.body()).contains("\"code\":\"unauthorized\"");
        }
        RawHttp.Reply health = RawHttp.send(d.port(), RawHttp.request("GET", "/v1/health", "localhost", "", null));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"status\":\"ok\"")
                .contains("\"version\":\"test\"")
                .doesNotContain("pid");
    }

    @Test
    void theOpenApiDocumentDescribesTheRoutesThisDaemonServes() throws Exception {
        RawHttp.Reply r =
                RawHttp.send(d.port(), RawHttp.request("GET", "/v1/openapi.json", "localhost", auth(d.token()), null));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .contains("\"openapi\" : \"3.1.0\"")
                .contains("\"/v1/notes/{id}\"")
                .contains("\"/v1/events\"");
    }

    @Test
    void wrongTokenIs401AndChangesNothing() throws Exception {
        int before = notes();
        RawHttp.Reply r = post("localhost", JSON + auth("not-a-token"), NOTE);
        assertThat(r.status()).isEqualTo(401);
        assertThat(notes()).isEqualTo(before);
    }

    @Test
    void anAgentCannotActAsAnotherAgent() throws Exception {
        int before = notes();
        RawHttp.Reply r = post("localhost", JSON + auth("tok-bob"), NOTE);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body())
                .contains("\"code\":\"forbidden\"")
                .contains("agt_bob")
                .contains("agt_alice");
        assertThat(notes()).isEqualTo(before);
        RawHttp.Reply header = post(
                "localhost",
                JSON + auth("tok-bob") + "X-Dispatch-Agent: agt_alice\r\n",
                "{\"space\":\"s\",\"text\":\"hi\"}");
        assertThat(header.status()).isEqualTo(403);
        assertThat(notes()).isEqualTo(before);
    }

    @Test
    void identityComesFromTheToken() throws Exception {
        RemoteEngine alice = d.remote("tok-alice");
        NoteOps.Added added = alice.submit(new NoteOps.Add("s", null, "mine"));
        assertThat(d.engine.submit(new NoteOps.Get(added.id())).agent()).isEqualTo("agt_alice");
        assertThatThrownBy(() -> alice.submit(new NoteOps.Add("s", "agt_bob", "theirs")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> alice.submit(new NoteOps.Add("other", "agt_alice", "elsewhere")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
                .hasMessageContaining("space 'other'");
        // the operator may act for any agent
        NoteOps.Added byOperator = d.remote().submit(new NoteOps.Add("s", "agt_bob", "for bob"));
        assertThat(d.engine.submit(new NoteOps.Get(byOperator.id())).agent()).isEqualTo("agt_bob");
        alice.close();
    }

    @Test
    void operatorRoutesRefuseAgentTokens() throws Exception {
        RawHttp.Reply r =
                RawHttp.send(d.port(), RawHttp.request("GET", "/v1/daemon", "localhost", auth("tok-alice"), null));
        assertThat(r.status()).isEqualTo(403);
        RawHttp.Reply stop = RawHttp.send(
                d.port(), RawHttp.request("POST", "/v1/daemon/stop", "localhost", JSON + auth("tok-alice"), "{}"));
        assertThat(stop.status()).isEqualTo(403);
        RawHttp.Reply ok =
                RawHttp.send(d.port(), RawHttp.request("GET", "/v1/daemon", "localhost", auth(d.token()), null));
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void foreignHostIsRefusedBeforeAnyHandlerOnHttpAndSse() throws Exception {
        int before = notes();
        assertThat(post("evil.example", JSON + auth(d.token()), NOTE).status()).isEqualTo(403);
        assertThat(post("evil.example:" + d.port(), JSON + auth(d.token()), NOTE)
                        .status())
                .isEqualTo(403);
        assertThat(post("localhost.evil.example", JSON + auth(d.token()), NOTE).status())
                .isEqualTo(403);
        RawHttp.Reply sse =
                RawHttp.send(d.port(), RawHttp.request("GET", "/v1/events", "evil.example", auth(d.token()), null));
        assertThat(sse.status()).isEqualTo(403);
        RawHttp.Reply health = RawHttp.send(d.port(), RawHttp.request("GET", "/v1/health", "evil.example", "", null));
        assertThat(health.status()).isEqualTo(403);
        assertThat(notes()).isEqualTo(before);
        for (String ok : new String[] {"localhost", "127.0.0.1:" + d.port(), "[::1]:" + d.port(), "LOCALHOST"}) {
            assertThat(RawHttp.send(d.port(), RawHttp.request("GET", "/v1/health", ok, "", null))
                            .status())
                    .as(ok)
                    .isEqualTo(200);
        }
    }

    @Test
    void foreignOriginIsRefusedOnHttpAndSse() throws Exception {
        int before = notes();
        String evil = "Origin: http://evil.example\r\n";
        assertThat(post("localhost", JSON + auth(d.token()) + evil, NOTE).status())
                .isEqualTo(403);
        assertThat(post("localhost", JSON + auth(d.token()) + "Origin: null\r\n", NOTE)
                        .status())
                .isEqualTo(403);
        assertThat(post("localhost", JSON + auth(d.token()) + "Origin: http://localhost:1\r\n", NOTE)
                        .status())
                .isEqualTo(403);
        RawHttp.Reply sse =
                RawHttp.send(d.port(), RawHttp.request("GET", "/v1/events", "localhost", auth(d.token()) + evil, null));
        assertThat(sse.status()).isEqualTo(403);
        assertThat(notes()).isEqualTo(before);
        String own = "Origin: http://localhost:" + d.port() + "\r\n";
        assertThat(post("localhost", JSON + auth(d.token()) + own, NOTE).status())
                .isEqualTo(200);
    }

    @Test
    void textPlainAndFormPostsAreRejectedWithoutSideEffect() throws Exception {
        int before = notes();
        RawHttp.Reply text = post("localhost", "Content-Type: text/plain\r\n" + auth(d.token()), NOTE);
        assertThat(text.status()).isEqualTo(415);
        RawHttp.Reply form = post(
                "localhost",
                "Content-Type: application/x-www-form-urlencoded\r\n" + auth(d.token()),
                "space=s&agent=agt_alice&text=hi");
        assertThat(form.status()).isEqualTo(415);
        RawHttp.Reply none = post("localhost", auth(d.token()), NOTE);
        assertThat(none.status()).isEqualTo(415);
        assertThat(notes()).isEqualTo(before);
    }

    @Test
    void oversizeBodyIs413AndDeepJsonIs400() throws Exception {
        int before = notes();
        String huge = "{\"space\":\"s\",\"text\":\"" + "x".repeat(2 << 20) + "\"}";
        assertThat(post("localhost", JSON + auth(d.token()), huge).status()).isEqualTo(413);
        String deep = "{\"space\":\"s\",\"text\":\"t\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        RawHttp.Reply r = post("localhost", JSON + auth(d.token()), deep);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"invalid_argument\"").contains("depth");
        RawHttp.Reply bad = post("localhost", JSON + auth(d.token()), "{\"space\":");
        assertThat(bad.status()).isEqualTo(400);
        RawHttp.Reply unknown = post("localhost", JSON + auth(d.token()), "{\"space\":\"s\",\"txt\":\"typo\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("txt");
        assertThat(notes()).isEqualTo(before);
        // still responsive
        assertThat(RawHttp.send(d.port(), RawHttp.request("GET", "/v1/health", "localhost", "", null))
                        .status())
                .isEqualTo(200);
    }

    /** A body without Content-Length is read in blocks and bounded the same way as a declared one. */
    @Test
    void chunkedBodiesAreReadAndBoundedLikeDeclaredOnes() throws Exception {
        int before = notes();
        String head = "POST /v1/notes HTTP/1.1\r\nHost: localhost\r\n" + JSON + auth(d.token())
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        String note = "{\"space\":\"s\",\"agent\":\"agt_alice\",\"text\":\"chunked\"}";
        String split = chunk(note.substring(0, 10)) + chunk(note.substring(10)) + "0\r\n\r\n";
        RawHttp.Reply ok = RawHttp.send(d.port(), head + split);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(notes()).isEqualTo(before + 1);
        String huge = "{\"space\":\"s\",\"agent\":\"agt_alice\",\"text\":\"" + "x".repeat(2 << 20) + "\"}";
        RawHttp.Reply tooLarge = RawHttp.send(d.port(), head + chunk(huge) + "0\r\n\r\n");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"code\":\"too_large\"");
        assertThat(notes()).isEqualTo(before + 1);
    }

    private static String chunk(String s) {
        return Integer.toHexString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length) + "\r\n" + s + "\r\n";
    }

    @Test
    void errorsJettyRaisesItselfHaveTheSameJsonShape() throws Exception {
        RawHttp.Reply r = RawHttp.send(
                d.port(),
                RawHttp.request("GET", "/v1/health", "localhost", "X-Big: " + "y".repeat(20_000) + "\r\n", null));
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.body()).contains("\"code\":\"too_large\"");
    }

    @Test
    void socketIs0600InA0700Directory() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.daemon.socket())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(d.daemon.socket().getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.dirs.operatorToken())))
                .isEqualTo("rw-------");
        assertThat(d.token()).hasSizeGreaterThanOrEqualTo(32); // ≥ 128 bits of hex
    }

    @Test
    void tokensNeverReachTheLog() throws Exception {
        post("localhost", JSON + auth("tok-alice"), "{\"space\":\"s\",\"text\":\"logged?\"}");
        post("localhost", JSON + auth("guess-" + d.token()), NOTE);
        RawHttp.send(d.port(), RawHttp.request("GET", "/v1/daemon", "localhost", auth(d.token()), null));
        String log = d.log.toString();
        assertThat(log).contains("\"route\":\"/v1/notes\"").contains("\"caller\":\"s/agt_alice\"");
        assertThat(log).doesNotContain(d.token()).doesNotContain("tok-alice").doesNotContain("logged?");
    }

    @Test
    void unknownRoutesAndMethodsSayWhatExists() throws Exception {
        RawHttp.Reply missing =
                RawHttp.send(d.port(), RawHttp.request("GET", "/v1/nope", "localhost", auth(d.token()), null));
        assertThat(missing.status()).isEqualTo(404);
        RawHttp.Reply method =
                RawHttp.send(d.port(), RawHttp.request("DELETE", "/v1/notes", "localhost", auth(d.token()), null));
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.body()).contains("GET").contains("POST");
    }
}

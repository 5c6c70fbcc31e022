package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageCommandTest {
    @TempDir
    Path dir;

    final InputStream realIn = System.in;

    @BeforeEach
    void agents() {
        CoordFixtures.agents(dir);
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(realIn);
    }

    CliHarness.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--space", CoordFixtures.SPACE));
        return CliHarness.run(all.toArray(String[]::new));
    }

    @Test
    void sendFansOutAndInboxReadsByCursor() {
        CliHarness.Result sent = run(
                "msg",
                "send",
                "children",
                "please review",
                "--from",
                "lead",
                "--importance",
                "high",
                "--ack-required",
                "--json");
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        JsonNode s = CoordFixtures.json(sent.out());
        assertThat(s.path("recipients").toString()).isEqualTo("[\"a\",\"b\"]");
        String id = s.path("message").path("id").asText();
        assertThat(id).isEqualTo("msg_" + s.path("message").path("seq").asLong());

        System.setIn(new ByteArrayInputStream("from stdin\nline two".getBytes(StandardCharsets.UTF_8)));
        CliHarness.Result piped = run("msg", "send", "parent", "-", "--from", "a");
        assertThat(piped.out()).startsWith("sent msg_2 (seq 2, thread msg_2) to lead");

        CliHarness.Result inbox = run("msg", "inbox", "a");
        assertThat(inbox.out())
                .startsWith("SEQ  ID     FROM  THREAD  IMPORTANCE  ACK     SENT")
                .contains("please review");
        assertThat(run("msg", "inbox", "a", "--unread", "--json").out()).isEqualTo("{\"messages\":[],\"cursor\":0}\n");
        JsonNode lead = CoordFixtures.json(
                run("msg", "inbox", "lead", "--since", "1", "--json").out());
        assertThat(lead.path("messages").get(0).path("message").path("text").asText())
                .isEqualTo("from stdin\nline two");
        assertThat(lead.path("cursor").asLong()).isEqualTo(2);

        CliHarness.Result ack = run("msg", "ack", id, "--agent", "b", "--json");
        assertThat(CoordFixtures.json(ack.out()).path("alreadyAcked").asBoolean())
                .isFalse();
        assertThat(run("msg", "ack", id, "--agent", "b").out()).startsWith("already acked " + id + " by b");
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() {
        run("msg", "send", "b", "keep", "--from", "a");
        Map<String, Long> before = CoordFixtures.counts(dir);
        record Case(List<String> args, int exit, String says) {}
        List<Case> cases = List.of(
                new Case(List.of("msg", "send", "ghost", "hi", "--from", "a"), 3, "unknown agent 'ghost'"),
                new Case(List.of("msg", "send", "b", "hi", "--from", "a", "--importance", "urgent"), 2, "urgent"),
                new Case(List.of("msg", "send", "b", "", "--from", "a"), 2, "message text is empty"),
                new Case(List.of("msg", "send", "b", "x".repeat(70_000), "--from", "a"), 1, "the limit is 65536 bytes"),
                new Case(List.of("msg", "send", "b", "bad \uFFFD byte", "--from", "a"), 2, "not valid UTF-8"),
                new Case(List.of("msg", "send", "children", "hi", "--from", "a"), 2, "names no agent"),
                new Case(List.of("msg", "inbox", "a", "--since", "-4"), 2, "--since -4"),
                new Case(List.of("msg", "inbox", "a", "--limit", "0"), 2, "--limit 0"),
                new Case(List.of("msg", "ack", "msg_77", "--agent", "a"), 3, "no message 'msg_77'"));
        for (Case k : cases) {
            CliHarness.Result r = run(k.args().toArray(String[]::new));
            assertThat(r.exitCode()).as(k.args().get(2) + ": " + r.err()).isEqualTo(k.exit());
            assertThat(r.err()).startsWith("dispatch: ").contains(k.says()).doesNotContain("Exception");
        }
        System.setIn(new ByteArrayInputStream(new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28}));
        CliHarness.Result invalid = run("msg", "send", "b", "-", "--from", "a");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("stdin is not valid UTF-8");
        assertThat(CoordFixtures.counts(dir)).isEqualTo(before);
    }
}

package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The field names docs/cli-json-share.md documents are exactly the ones the commands print. */
class CoordJsonShapeTest {
    @TempDir
    Path dir;

    JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--space", CoordFixtures.SPACE, "--json"));
        CliHarness.Result r = CliHarness.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).endsWith("}\n").doesNotContain("\n{");
        return CoordFixtures.json(r.out());
    }

    static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void documentedFieldsAndNothingElse() {
        CoordFixtures.agents(dir);
        JsonNode acquired = json("lock", "acquire", "src/**", "--agent", "a", "--task", "task_1");
        assertThat(keys(acquired)).containsExactly("conflicts", "granted", "lock");
        assertThat(keys(acquired.path("lock")))
                .containsExactly(
                        "acquiredAt",
                        "agent",
                        "expiresAt",
                        "id",
                        "mode",
                        "patterns",
                        "space",
                        "state",
                        "taskId",
                        "token");
        JsonNode released = json(
                "lock",
                "release",
                acquired.path("lock").path("id").asText(),
                "--agent",
                "a",
                "--token",
                acquired.path("lock").path("token").asText());
        assertThat(keys(released)).contains("endedAt");

        JsonNode sent = json("msg", "send", "b", "hello", "--from", "a");
        assertThat(keys(sent)).containsExactly("message", "recipients");
        assertThat(keys(sent.path("message")))
                .containsExactly(
                        "ackRequired", "from", "id", "importance", "sentAt", "seq", "space", "text", "thread", "to");
        JsonNode inbox = json("msg", "inbox", "b");
        assertThat(keys(inbox)).containsExactly("cursor", "messages");
        assertThat(keys(inbox.path("messages").get(0))).containsExactly("message");
        assertThat(keys(json("msg", "ack", "msg_1", "--agent", "b")))
                .containsExactly("ackedAt", "agent", "alreadyAcked", "messageId");

        assertThat(keys(json("kb", "write", "t", "hello", "--agent", "a")))
                .containsExactly("agent", "space", "text", "topic", "version", "writtenAt");
        assertThat(keys(json("kb", "list").path("topics").get(0)))
                .containsExactly("chars", "topic", "updatedAt", "version");
        JsonNode search = json("kb", "search", "hello", "--kind", "topic");
        assertThat(keys(search)).containsExactly("hits", "query", "terms");
        assertThat(keys(search.path("hits").get(0))).containsExactly("id", "kind", "score", "snippet", "title");
        JsonNode messageHit =
                json("kb", "search", "hello", "--kind", "message").path("hits").get(0);
        assertThat(keys(messageHit)).as("messages have no title").containsExactly("id", "kind", "score", "snippet");

        JsonNode asked = json("approval", "request", "--agent", "a", "Q?");
        assertThat(keys(asked)).containsExactly("agent", "id", "options", "question", "requestedAt", "space", "state");
        JsonNode decided = json("approval", "decide", asked.path("id").asText(), "yes", "--note", "ok");
        assertThat(keys(decided))
                .containsExactly(
                        "agent",
                        "decidedAt",
                        "decision",
                        "id",
                        "note",
                        "options",
                        "question",
                        "requestedAt",
                        "space",
                        "state",
                        "waitMillis");
    }
}

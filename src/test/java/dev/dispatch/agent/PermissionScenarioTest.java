package dev.dispatch.agent;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.ConfigLoader;
import dev.dispatch.permission.Mode;
import dev.dispatch.permission.UserRules;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELIABILITY.md's "Paths and permissions" catalogue through the real tool loop: the scripted model
 * server issues the malicious tool calls, real gates decide, and every test ends by checking that
 * nothing outside the project changed.
 */
class PermissionScenarioTest {
    @TempDir
    Path base;

    ScriptedModelServer server;
    PermissionFixture f;

    @BeforeEach
    void setUp() throws Exception {
        server = ScriptedModelServer.start();
        f = new PermissionFixture(base);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
        server.close();
    }

    static String json(String path) {
        return "{\"path\":\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    static String write(String path) {
        return "{\"path\":\"" + path + "\",\"content\":\"pwned\\n\"}";
    }

    void script(ScriptedReply.ToolCall... calls) {
        server.replyToolCalls(calls).replyText("done");
    }

    @Test
    void traversalFromTheWorkspaceIsDeniedAndTouchesNothing() throws Exception {
        f.start();
        script(
                call("c1", "read_file", json("../../etc/passwd")),
                call("c2", "write_file", write("a/./../../x")),
                call("c3", "read_file", json("%2e%2e/outside/secret.txt")));
        f.run(server.anthropicSettings(), "escape");
        var r = f.results();
        assertThat(r).hasSize(3).allSatisfy(x -> assertThat(x.failed()).isTrue());
        assertThat(r.get(0).result()).contains("permission denied").contains("/etc/passwd");
        assertThat(r.get(1).result()).contains("permission denied");
        assertThat(r.get(2).result()).doesNotContain("outside secret");
        assertThat(base.resolve("x")).doesNotExist();
        f.assertNothingOutsideChanged();
    }

    @Test
    void absolutePathsAskAndAnAnsweredDenialReachesTheModelWithTheNote() throws Exception {
        f.mode = Mode.ASK;
        f.start();
        f.answer(PermissionAnswer.DENY, "not needed for this task");
        script(call("c1", "read_file", json("/etc/hosts")));
        f.run(server.openAiSettings(), "read hosts");
        assertThat(f.requests()).singleElement().satisfies(q -> {
            assertThat(q.tool()).isEqualTo("read_file");
            assertThat(q.operation()).isEqualTo("read");
            assertThat(q.paths())
                    .containsExactly(Path.of("/etc/hosts").toRealPath().toString());
            assertThat(q.reason()).contains("outside the project root");
        });
        assertThat(f.h.of(RuntimeEvents.AgentStateChanged.class))
                .extracting(RuntimeEvents.AgentStateChanged::status)
                .contains(AgentStatus.WAITING_USER);
        assertThat(f.h.of(RuntimeEvents.PermissionResolved.class))
                .singleElement()
                .satisfies(p -> assertThat(p.decision()).isEqualTo(PermissionAnswer.DENY));
        String result = f.results().get(0).result();
        assertThat(result).contains("the user denied this").contains("not needed for this task");
        assertThat(server.requests().get(1).body()).contains("not needed for this task");
        f.assertNothingOutsideChanged();
    }

    @Test
    void absolutePathsAreRefusedInDenyModeWithAClearError() throws Exception {
        f.start();
        script(call("c1", "read_file", json("/etc/hosts")), call("c2", "read_file", json(f.home + "/.ssh/id_rsa")));
        f.run(server.anthropicSettings(), "read");
        assertThat(f.requests()).isEmpty();
        assertThat(f.results()).allSatisfy(x -> assertThat(x.result()).contains("permission mode is 'deny'"));
        assertThat(f.results().get(1).result()).doesNotContain("PRIVATE KEY");
        f.assertNothingOutsideChanged();
    }

    @Test
    void fileToolsNeverExpandTildeOrHome() throws Exception {
        f.start();
        script(call("c1", "read_file", json("~/.ssh/id_rsa")), call("c2", "read_file", json("$HOME/.ssh/id_rsa")));
        f.run(server.anthropicSettings(), "read keys");
        assertThat(f.results()).allSatisfy(x -> {
            assertThat(x.failed()).isTrue();
            assertThat(x.result()).doesNotContain("PRIVATE KEY").doesNotContain("permission");
        });
        assertThat(f.requests()).isEmpty();
        f.assertNothingOutsideChanged();
    }

    @Test
    void aSiblingWithTheRootAsPrefixIsOutside() throws Exception {
        f.start();
        script(call("c1", "write_file", write(f.sibling + "/x")), call("c2", "read_file", json("../ws-evil/keep.txt")));
        f.run(server.anthropicSettings(), "sibling");
        assertThat(f.results()).allSatisfy(x -> assertThat(x.result()).contains("permission denied"));
        assertThat(f.sibling.resolve("x")).doesNotExist();
        f.assertNothingOutsideChanged();
    }

    @Test
    void symlinksOutOfTheRootAreDeniedAndLoopsAreAClearError() throws Exception {
        Files.createSymbolicLink(f.project.resolve("linkdir"), f.outside);
        Files.createSymbolicLink(f.project.resolve("linkfile"), f.outside.resolve("secret.txt"));
        Files.createSymbolicLink(f.project.resolve("dangling"), f.outside.resolve("created.txt"));
        Files.createSymbolicLink(f.project.resolve("loop1"), f.project.resolve("loop2"));
        Files.createSymbolicLink(f.project.resolve("loop2"), f.project.resolve("loop1"));
        f.start();
        script(
                call("c1", "read_file", json("linkdir/secret.txt")),
                call("c2", "write_file", write("linkdir/new.txt")),
                call("c3", "read_file", json("linkfile")),
                call("c4", "write_file", write("linkfile")),
                call("c5", "write_file", write("dangling")),
                call("c6", "read_file", json("loop1")));
        f.run(server.anthropicSettings(), "links");
        var r = f.results();
        assertThat(r).hasSize(6).allSatisfy(x -> assertThat(x.failed()).isTrue());
        for (int i = 0; i < 5; i++)
            assertThat(r.get(i).result()).contains("permission denied").contains("really");
        assertThat(r.get(5).result()).contains("symbolic link loop");
        assertThat(f.outside.resolve("created.txt")).doesNotExist();
        assertThat(f.outside.resolve("new.txt")).doesNotExist();
        f.assertNothingOutsideChanged();
    }

    @Test
    void dispatchsOwnFilesAndGitHooksAreNeverWritableEvenInBypassMode() throws Exception {
        f.mode = Mode.BYPASS;
        f.start();
        script(
                call("c1", "write_file", write(f.dirs.userConfigFile().toString())),
                call("c2", "write_file", write(f.dirs.operatorToken().toString())),
                call("c3", "write_file", write(f.dirs.data() + "/dispatch.mv.db")),
                call("c4", "write_file", write(".git/hooks/pre-commit")),
                call("c5", "write_file", write(".git/config")));
        f.run(server.anthropicSettings(), "tamper");
        var r = f.results();
        assertThat(r).hasSize(5).allSatisfy(x -> assertThat(x.result())
                .contains("permission denied")
                .contains("never"));
        assertThat(f.dirs.userConfigFile()).doesNotExist();
        assertThat(f.dirs.operatorToken()).doesNotExist();
        assertThat(f.dirs.data()).doesNotExist();
        assertThat(f.project.resolve(".git/hooks/pre-commit")).doesNotExist();
        f.assertNothingOutsideChanged();
    }

    @Test
    void aOnceGrantUsedTwiceAsksTwice() throws Exception {
        f.mode = Mode.ASK;
        f.start();
        f.answer(PermissionAnswer.ONCE, "");
        f.answer(PermissionAnswer.ONCE, "");
        String secret = f.outside.resolve("secret.txt").toString();
        script(call("c1", "read_file", json(secret)), call("c2", "read_file", json(secret)));
        f.run(server.anthropicSettings(), "twice");
        assertThat(f.requests()).hasSize(2);
        assertThat(f.results()).allSatisfy(x -> assertThat(x.result()).contains("outside secret"));
        f.assertNothingOutsideChanged();
    }

    @Test
    void aSessionGrantCoversTheSubtreeAndIsGoneAfterARestart() throws Exception {
        f.mode = Mode.ASK;
        f.start();
        f.answer(PermissionAnswer.SESSION, "");
        script(
                call("c1", "read_file", json(f.outside + "/secret.txt")),
                call("c2", "read_file", json(f.outside + "/other.txt")));
        f.run(server.anthropicSettings(), "session");
        assertThat(f.requests()).hasSize(1);
        assertThat(f.results())
                .extracting(RuntimeEvents.ToolCallFinished::failed)
                .containsExactly(false, false);
        // a restart forgets session grants
        f.start();
        f.answer(PermissionAnswer.DENY, "");
        script(call("c3", "read_file", json(f.outside + "/other.txt")));
        f.run(server.anthropicSettings(), "again");
        assertThat(f.requests()).hasSize(2);
        f.assertNothingOutsideChanged();
    }

    @Test
    void anAlwaysGrantIsPersistedListedAndRevocable() throws Exception {
        Files.writeString(f.dirs.userConfigFile(), "# my settings\njournal:\n  retention: 3d # keep me\n");
        f.mode = Mode.ASK;
        f.start();
        f.answer(PermissionAnswer.ALWAYS, "");
        script(call("c1", "read_file", json(f.outside + "/secret.txt")));
        f.run(server.anthropicSettings(), "always");
        assertThat(f.requests()).hasSize(1);
        String text = Files.readString(f.dirs.userConfigFile());
        assertThat(text)
                .startsWith("# my settings\njournal:\n  retention: 3d # keep me\n")
                .contains(f.outside.toString());
        assertThat(UserRules.read(f.dirs.userConfigFile())).singleElement().satisfies(rule -> {
            assertThat(rule.kind()).isEqualTo("auto_allow");
            assertThat(rule.value()).isEqualTo(f.outside.toString());
            assertThat(rule.line()).isGreaterThan(3);
        });
        assertThat(new ConfigLoader(f.dirs, f.env, f.project).validateFile(f.dirs.userConfigFile()))
                .isEmpty();
        // after a restart the saved rule still applies: no prompt
        f.start();
        script(call("c2", "read_file", json(f.outside + "/other.txt")));
        f.run(server.anthropicSettings(), "after restart");
        assertThat(f.requests()).hasSize(1);
        assertThat(f.results().get(0).failed()).isFalse();
        // revoked: asks again
        new UserRules(f.dirs.userConfigFile(), p -> new ConfigLoader(f.dirs, f.env, f.project).validateFile(p))
                .revoke(f.outside.toString());
        assertThat(Files.readString(f.dirs.userConfigFile()))
                .doesNotContain(f.outside.toString())
                .contains("# keep me");
        f.start();
        f.answer(PermissionAnswer.DENY, "");
        script(call("c3", "read_file", json(f.outside + "/other.txt")));
        f.run(server.anthropicSettings(), "after revoke");
        assertThat(f.requests()).hasSize(2);
        f.assertNothingOutsideChangedButUserConfig();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deny-first", "allow-first"})
    void aDenyRuleBeatsABroaderAllowWhateverTheOrder(String order) throws Exception {
        Files.createDirectories(f.outside.resolve("private"));
        Files.writeString(f.outside.resolve("private/key.txt"), "private\n");
        String allow = "  auto_allow: ['" + f.outside + "']\n";
        String deny = "  deny: ['" + f.outside + "/private/**']\n";
        Files.writeString(
                f.dirs.userConfigFile(), "permissions:\n" + (order.equals("deny-first") ? deny + allow : allow + deny));
        f = new PermissionFixture(base);
        f.start();
        script(
                call("c1", "read_file", json(f.outside + "/private/key.txt")),
                call("c2", "read_file", json(f.outside + "/secret.txt")));
        f.run(server.anthropicSettings(), "rules");
        assertThat(f.results().get(0).result()).contains("permission denied").contains("deny rule");
        assertThat(f.results().get(1).result()).contains("outside secret");
        f.assertNothingOutsideChanged();
    }

    @Test
    void everyDecisionIsLoggedWithWhoWhatHowAndWhen() throws Exception {
        f.start();
        Files.writeString(f.project.resolve("in.txt"), "inside\n");
        script(call("c1", "read_file", json("in.txt")), call("c2", "read_file", json("/etc/hosts")));
        f.run(server.anthropicSettings(), "log");
        assertThat(f.log).hasSize(2);
        assertThat(f.log.get(0).outcome()).isEqualTo("allow");
        assertThat(f.log.get(0).decidedBy()).isEqualTo("root");
        assertThat(f.log.get(0).tool()).isEqualTo("read_file");
        assertThat(f.log.get(1).outcome()).isEqualTo("deny");
        assertThat(f.log.get(1).decidedBy()).isEqualTo("mode");
        assertThat(f.log.get(1).paths()).containsExactly("/etc/hosts");
        assertThat(f.log).allSatisfy(e -> assertThat(e.decidedAt()).isNotNull());
        f.assertNothingOutsideChanged();
    }
}

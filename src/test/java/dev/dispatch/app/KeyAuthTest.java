package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.KeyEvents;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, class 13: a key the provider refuses (401/403) when no other key can serve ends the call
 * with the provider's message instead of waiting forever; it stays disabled across restarts until its
 * value or its config entry changes (by fingerprint), or {@code keys enable} tries it again by hand.
 */
class KeyAuthTest {
    static final String KEY_A = "sk-test-auth-0001";
    static final String PROVIDER_SAYS = "invalid x-api-key (scripted)";

    @TempDir
    Path tmp;

    ScriptedModelServer server;
    EngineFixture fx;

    @BeforeEach
    void setUp() {
        server = ScriptedModelServer.start();
        fx = new EngineFixture(tmp);
        fx.env.put("KEY_A", KEY_A);
    }

    @AfterEach
    void tearDown() {
        fx.close();
        server.close();
    }

    void config(String keyEnv, String fallbackModel) {
        fx.userConfig(
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s", max_tokens: 1000 }
                keys:
                  - { id: first, provider: scripted, env: %s }
                models:
                  - { id: fast, provider: scripted, name: claude-scripted, keys: [first] }
                %s
                default_model: fast
                budgets: { poll_interval: 50ms }
                """
                        .formatted(server.baseUrl(), keyEnv, fallbackModel));
    }

    void refuse(int status) {
        server.reply(ScriptedReply.status(status, "authentication_error", PROVIDER_SAYS, Map.of()));
    }

    String status() {
        return fx.submit(new ModelOps.ListKeys(fx.project.toString()))
                .keys()
                .get(0)
                .status();
    }

    /** The agent's run on a refused key: finished with the error, never waiting for a key. */
    String refusedRun() throws InterruptedException {
        var started = fx.start("hello");
        var done = fx.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.ERROR);
        assertThat(fx.waiting(started.agentId())).as("waited for a key").isFalse();
        return done.error();
    }

    @Test
    void aRefusedKeyWithNothingElseEndsTheCallWithTheProvidersMessage() throws Exception {
        config("KEY_A", "");
        fx.open();
        refuse(401);
        String error = refusedRun();
        assertThat(error)
                .contains(PROVIDER_SAYS)
                .contains("'dispatch keys enable first'")
                .contains(tmp.resolve("dh/config/config.yaml").toString()) // the config in force, not ~/.config
                .doesNotContain(KEY_A);
        assertThat(server.requests()).hasSize(1);
        assertThat(fx.of(KeyEvents.KeyDisabled.class)).singleElement().satisfies(d -> assertThat(d.keyId())
                .isEqualTo("first"));

        // 1) a later input on the still-disabled key fails at once, without asking the provider again
        assertThat(refusedRun()).contains(PROVIDER_SAYS);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aForbiddenKeyWithAFallbackModelOnAnotherKeyStillServes() throws Exception {
        fx.env.put("KEY_B", "sk-test-auth-0002");
        fx.userConfig(
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s", max_tokens: 1000 }
                keys:
                  - { id: first, provider: scripted, env: KEY_A }
                  - { id: second, provider: scripted, env: KEY_B }
                models:
                  - { id: fast, provider: scripted, name: claude-scripted, keys: [first] }
                  - { id: spare, provider: scripted, name: claude-spare, keys: [second] }
                default_model: fast
                fallback: [spare]
                """
                        .formatted(server.baseUrl()));
        fx.open();
        refuse(403);
        server.replyText("served by the fallback");
        var started = fx.start("hello");
        var done = fx.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.DONE);
        assertThat(done.result()).isEqualTo("served by the fallback");
    }

    @Test
    void theKeyStaysDisabledAcrossARestartUntilItsValueChanges() throws Exception {
        config("KEY_A", "");
        fx.open();
        refuse(401);
        refusedRun();
        fx.restart();
        assertThat(status()).isEqualTo("disabled");
        assertThat(refusedRun()).contains(PROVIDER_SAYS);
        assertThat(server.requests()).hasSize(1);

        // 1) a new value in the same variable: a new fingerprint, so the key is tried again
        fx.close();
        fx.env.put("KEY_A", "sk-test-auth-rotated");
        fx.open();
        assertThat(status()).isEqualTo("active");
        server.replyText("the rotated key works");
        var started = fx.start("again");
        assertThat(fx.awaitFinished(started.agentId()).result()).isEqualTo("the rotated key works");
        assertThat(server.lastRequest().header("x-api-key")).isEqualTo("sk-test-auth-rotated");
    }

    @Test
    void anEditedConfigEntryReEnablesTheKeyEvenWhileNothingRan() throws Exception {
        config("KEY_A", "");
        fx.open();
        refuse(401);
        refusedRun();
        fx.close();
        // the same value behind another variable is another entry: the user did something, try again
        fx.env.put("WORK_KEY", KEY_A);
        config("WORK_KEY", "");
        fx.open();
        assertThat(status()).isEqualTo("active");
    }

    @Test
    void keysEnableTriesTheKeyAgainByHand() throws Exception {
        config("KEY_A", "");
        fx.open();
        refuse(401);
        refusedRun();
        fx.restart();
        assertThat(status()).isEqualTo("disabled");

        var ack = fx.submit(new ModelOps.EnableKey(fx.project.toString(), "first"));
        assertThat(ack.detail()).isEqualTo("key 'first' enabled: the next call tries it again");
        assertThat(status()).isEqualTo("active");
        assertThat(fx.submit(new ModelOps.EnableKey(fx.project.toString(), "first"))
                        .detail())
                .isEqualTo("key 'first' was neither disabled nor cooling down; nothing to do");
        EngineException unknown = catchThrowableOfType(
                EngineException.class, () -> fx.submit(new ModelOps.EnableKey(fx.project.toString(), "frist")));
        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(unknown.getMessage())
                .isEqualTo("no key 'frist' in the config; configured keys: [first] (see 'dispatch keys')");

        server.replyText("the provider fixed the account");
        var started = fx.start("again");
        assertThat(fx.awaitFinished(started.agentId()).result()).isEqualTo("the provider fixed the account");
    }
}

package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's modes and the prompt registry: ids, double answers, cancellation, interrupts. */
class PolicyGateTest {
    @TempDir
    Path base;

    Path root;
    Path outside;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> statuses = new CopyOnWriteArrayList<>();
    PendingPrompts prompts;

    @BeforeEach
    void setUp() throws Exception {
        base = base.toRealPath();
        root = Files.createDirectories(base.resolve("ws"));
        outside = Files.createDirectories(base.resolve("outside"));
        prompts = new PendingPrompts(events::add, (a, s, d) -> statuses.add(a + ":" + s), InstantSource.system());
    }

    PolicyGate gate(Mode mode, List<String> deny) throws Exception {
        Policy p = new Policy(root, new Rules(List.of(), deny, base), List.of(base.resolve("dispatch")), base);
        return new PolicyGate(
                "agt_1",
                p,
                mode,
                prompts,
                DecisionLog.NONE,
                dir -> "test",
                Confinement.Network.ON,
                InstantSource.system());
    }

    @Test
    void bypassAllowsWhatWouldAskButNotDenyRulesOrDispatchsDirs() throws Exception {
        PolicyGate g = gate(Mode.BYPASS, List.of(outside + "/private/**"));
        assertThat(g.ask(PermissionRequest.write(outside.resolve("x"), "t")).allowed())
                .isTrue();
        assertThat(g.ask(PermissionRequest.read(outside.resolve("private/k"), "t"))
                        .allowed())
                .isFalse();
        assertThat(g.ask(PermissionRequest.write(base.resolve("dispatch/config.yaml"), "t"))
                        .allowed())
                .isFalse();
    }

    @Test
    void denyModeRefusesWithAReasonNamingThePathAndTheFix() throws Exception {
        PermissionDecision d = gate(Mode.DENY, List.of()).ask(PermissionRequest.read(Path.of("/etc/hosts"), "t"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason())
                .contains("/etc/hosts")
                .contains("permission mode is 'deny'")
                .contains("auto_allow");
    }

    @Test
    void aPromptWaitsForItsReplyAndShowsWaitingUser() throws Exception {
        PolicyGate g = gate(Mode.ASK, List.of());
        AtomicReference<PermissionDecision> result = new AtomicReference<>();
        Thread t = Thread.ofVirtual()
                .start(() -> result.set(g.forTool("read_file").ask(PermissionRequest.read(outside.resolve("a"), "t"))));
        RuntimeEvents.PermissionRequested req = awaitRequest();
        assertThat(req.tool()).isEqualTo("read_file");
        assertThat(statuses).contains("agt_1:" + AgentStatus.WAITING_USER);
        prompts.reply(req.requestId(), dev.dispatch.protocol.PermissionAnswer.ONCE, "");
        t.join(5000);
        assertThat(result.get().allowed()).isTrue();
        assertThat(statuses).last().isEqualTo("agt_1:" + AgentStatus.RUNNING);
        // answering again is a conflict; an unknown id is not found
        assertThatThrownBy(() -> prompts.reply(req.requestId(), dev.dispatch.protocol.PermissionAnswer.DENY, ""))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> prompts.reply("perm_nope", dev.dispatch.protocol.PermissionAnswer.DENY, ""))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void cancellingTheAgentOrInterruptingTheWaitDenies() throws Exception {
        PolicyGate g = gate(Mode.ASK, List.of());
        List<PermissionDecision> results = new CopyOnWriteArrayList<>();
        Thread t =
                Thread.ofVirtual().start(() -> results.add(g.ask(PermissionRequest.read(outside.resolve("a"), "t"))));
        awaitRequest();
        prompts.cancelAgent("agt_1");
        t.join(5000);
        assertThat(results).singleElement().satisfies(d -> assertThat(d.allowed())
                .isFalse());
        events.clear();
        Thread u =
                Thread.ofVirtual().start(() -> results.add(g.ask(PermissionRequest.read(outside.resolve("b"), "t"))));
        awaitRequest();
        u.interrupt();
        u.join(5000);
        assertThat(results).hasSize(2).allSatisfy(d -> assertThat(d.allowed()).isFalse());
        assertThat(results.get(1).reason()).contains("stopped while waiting");
        assertThat(prompts.openIds()).isEmpty();
    }

    @Test
    void anAlwaysAnswerTakesEffectAtOnceAndIsPersisted() throws Exception {
        List<Path> persisted = new ArrayList<>();
        Policy p = new Policy(root, new Rules(List.of(), List.of(), base), List.of(), base);
        PolicyGate g = new PolicyGate(
                "agt_1",
                p,
                Mode.ASK,
                prompt -> new Prompter.Reply(dev.dispatch.protocol.PermissionAnswer.ALWAYS, ""),
                DecisionLog.NONE,
                dir -> {
                    persisted.add(dir);
                    return "config.yaml:3";
                },
                Confinement.Network.ON,
                InstantSource.system());
        Files.writeString(outside.resolve("a"), "a");
        assertThat(g.ask(PermissionRequest.read(outside.resolve("a"), "t")).reason())
                .contains("config.yaml:3");
        assertThat(persisted).containsExactly(outside);
        PolicyGate never = new PolicyGate(
                "agt_1",
                p,
                Mode.DENY,
                prompt -> {
                    throw new AssertionError("must not ask");
                },
                DecisionLog.NONE,
                dir -> "x",
                Confinement.Network.ON,
                InstantSource.system());
        assertThat(never.ask(PermissionRequest.write(outside.resolve("b"), "t")).allowed())
                .isTrue();
        assertThat(g.confinement(root).writable()).contains(root, outside);
    }

    private RuntimeEvents.PermissionRequested awaitRequest() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Event e : events) if (e instanceof RuntimeEvents.PermissionRequested r) return r;
            Thread.sleep(5);
        }
        throw new AssertionError("no PermissionRequested; events " + events);
    }
}

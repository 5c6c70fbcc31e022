package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.PermissionAnswer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child agent's questions: what lies beyond its ceiling goes to the person through the one
 * prompter its root uses, never to a model; in a mode that never asks it is refused; deny rules and
 * protected paths are refused outright. With {@code approve_children} its parent's own grants answer
 * what the parent could do unasked, at the exact boundary ({@code ..}, symlinks, globs), and nothing
 * wider.
 */
class ChildPromptsTest {
    @TempDir
    Path base;

    Path root;
    Path outside;
    final List<Prompter.Prompt> asked = new CopyOnWriteArrayList<>();
    final List<DecisionLog.Entry> log = new CopyOnWriteArrayList<>();
    volatile PermissionAnswer answer = PermissionAnswer.ONCE;

    @BeforeEach
    void setUp() throws Exception {
        base = base.toRealPath();
        root = Files.createDirectories(base.resolve("ws"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/a.txt"), "a");
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("x.txt"), "x");
        Files.createSymbolicLink(root.resolve("src/link"), outside);
    }

    PolicyGate parent(Mode mode) throws Exception {
        Policy p = new Policy(
                root,
                new Rules(List.of(), List.of(root + "/secret/**"), base),
                List.of(base.resolve("dispatch")),
                base);
        Prompter person = prompt -> {
            asked.add(prompt);
            return new Prompter.Reply(answer, "");
        };
        return new PolicyGate(
                "agt_parent", p, mode, person, log::add, dir -> "test", Confinement.Network.ON, InstantSource.system());
    }

    static Grants readSrc(Path root) {
        return new Grants(List.of(new Grants.PathGrant(Operation.READ, root.resolve("src"))));
    }

    @Test
    void beyondItsCeilingAChildAsksThePersonAndASessionAnswerIsItsAlone() throws Exception {
        PolicyGate parent = parent(Mode.ASK);
        PolicyGate child = parent.forChild("agt_kid", readSrc(root));
        assertThat(child.ask(PermissionRequest.read(root.resolve("src/a.txt"), "t"))
                        .allowed())
                .isTrue();
        assertThat(asked).isEmpty();
        answer = PermissionAnswer.SESSION;
        PermissionDecision d = child.ask(PermissionRequest.write(root.resolve("src/a.txt"), "t"));
        assertThat(d.allowed()).isTrue();
        assertThat(asked).singleElement().satisfies(p -> {
            assertThat(p.agentId()).isEqualTo("agt_kid");
            assertThat(p.reason()).contains("not among this child agent's grants");
        });
        // granted for the session: not asked again; a sibling with the same ceiling still asks
        assertThat(child.ask(PermissionRequest.write(root.resolve("src/b.txt"), "t"))
                        .allowed())
                .isTrue();
        assertThat(asked).hasSize(1);
        answer = PermissionAnswer.DENY;
        PolicyGate sibling = parent.forChild("agt_sib", readSrc(root));
        assertThat(sibling.ask(PermissionRequest.write(root.resolve("src/a.txt"), "t"))
                        .allowed())
                .isFalse();
        assertThat(asked).hasSize(2);
        assertThat(log).anySatisfy(e -> {
            assertThat(e.agentId()).isEqualTo("agt_kid");
            assertThat(e.decidedBy()).isEqualTo("operator");
        });
    }

    @Test
    void inAModeThatNeverAsksAChildIsRefusedBeyondItsCeilingEvenInBypass() throws Exception {
        for (Mode mode : List.of(Mode.BYPASS, Mode.ACCEPT_EDITS, Mode.DENY)) {
            PolicyGate child = parent(mode).forChild("agt_kid", readSrc(root));
            PermissionDecision d = child.ask(PermissionRequest.write(root.resolve("src/a.txt"), "t"));
            assertThat(d.allowed()).as(mode.name()).isFalse();
            assertThat(d.reason()).as(mode.name()).contains("never asks for a child agent");
            assertThat(child.ask(PermissionRequest.read(root.resolve("src/a.txt"), "t"))
                            .allowed())
                    .isTrue();
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void denyRulesAndProtectedPathsAreRefusedOutrightNotAsked() throws Exception {
        PolicyGate child = parent(Mode.ASK).forChild("agt_kid", readSrc(root), true);
        assertThat(child.ask(PermissionRequest.read(root.resolve("secret/k"), "t"))
                        .allowed())
                .isFalse();
        assertThat(child.ask(PermissionRequest.write(root.resolve(".git/hooks/pre-commit"), "t"))
                        .allowed())
                .isFalse();
        assertThat(child.ask(PermissionRequest.read(base.resolve("dispatch/state/x"), "t"))
                        .allowed())
                .isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void approveChildrenAnswersWithinTheParentsOwnGrantsAndAsksThePersonBeyond() throws Exception {
        PolicyGate parent = parent(Mode.ASK);
        PolicyGate child = parent.forChild("agt_kid", readSrc(root), true);
        // inside the root the parent writes unasked: its grants answer, logged as the parent's
        PermissionDecision inside = child.ask(PermissionRequest.write(root.resolve("src/new.txt"), "t"));
        assertThat(inside.allowed()).isTrue();
        assertThat(inside.reason()).contains("answered by the grants of its parent agent agt_parent");
        assertThat(log).last().satisfies(e -> {
            assertThat(e.agentId()).isEqualTo("agt_kid");
            assertThat(e.decidedBy()).isEqualTo("parent");
        });
        assertThat(asked).isEmpty();
        // `..` that leaves the root, a symlink out of it, a glob reaching out: the parent would ask, so the person is
        // asked
        answer = PermissionAnswer.DENY;
        assertThat(child.ask(PermissionRequest.read(root.resolve("src/../../outside/x.txt"), "t"))
                        .allowed())
                .isFalse();
        assertThat(child.ask(PermissionRequest.write(root.resolve("src/link/x.txt"), "t"))
                        .allowed())
                .isFalse();
        assertThat(child.ask(PermissionRequest.execute("cat ../outside/*.txt", root, "t"))
                        .allowed())
                .isFalse();
        assertThat(asked).hasSize(3).allSatisfy(p -> assertThat(p.agentId()).isEqualTo("agt_kid"));
        // a glob inside the root is the parent's own: answered
        assertThat(child.ask(PermissionRequest.execute("cat src/*.txt", root, "t"))
                        .allowed())
                .isTrue();
        assertThat(asked).hasSize(3);
    }

    @Test
    void whatTheParentIsGrantedLaterAnswersTooButNeverItsOwnAskedQuestions() throws Exception {
        PolicyGate parent = parent(Mode.ASK);
        PolicyGate child = parent.forChild("agt_kid", readSrc(root), true);
        // the parent's session grant on outside/ (given by the person to the parent) now answers the child's read
        answer = PermissionAnswer.SESSION;
        assertThat(parent.ask(PermissionRequest.read(outside.resolve("x.txt"), "t"))
                        .allowed())
                .isTrue();
        assertThat(asked).hasSize(1);
        assertThat(child.ask(PermissionRequest.read(outside.resolve("x.txt"), "t"))
                        .allowed())
                .isTrue();
        assertThat(asked).hasSize(1);
        // a write there is wider than the parent's read grant: the person, not the parent, answers
        answer = PermissionAnswer.DENY;
        assertThat(child.ask(PermissionRequest.write(outside.resolve("x.txt"), "t"))
                        .allowed())
                .isFalse();
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1).agentId()).isEqualTo("agt_kid");
    }

    @Test
    void withoutApproveChildrenEvenWhatTheParentHoldsIsAskedOfThePerson() throws Exception {
        PolicyGate child = parent(Mode.ASK).forChild("agt_kid", readSrc(root), false);
        answer = PermissionAnswer.DENY;
        assertThat(child.ask(PermissionRequest.write(root.resolve("src/new.txt"), "t"))
                        .allowed())
                .isFalse();
        assertThat(asked).hasSize(1);
    }

    @Test
    void aChildsFlaggedCommandAndMcpToolAreAskedAndASessionAnswerHoldsForItAlone() throws Exception {
        PolicyGate parent = parent(Mode.ASK);
        PolicyGate child = parent.forChild("agt_kid", parent.policy().effective());
        answer = PermissionAnswer.SESSION;
        assertThat(child.ask(PermissionRequest.execute("eval \"$CMD\"", root, "t"))
                        .allowed())
                .isTrue();
        assertThat(child.ask(PermissionRequest.mcp("srv__tool", root, "t")).allowed())
                .isTrue();
        assertThat(asked).hasSize(2).allSatisfy(p -> assertThat(p.agentId()).isEqualTo("agt_kid"));
        // granted for this child's session: not asked again; its parent still would be
        assertThat(child.ask(PermissionRequest.execute("eval \"$CMD\"", root, "t"))
                        .allowed())
                .isTrue();
        assertThat(child.ask(PermissionRequest.mcp("srv__tool", root, "t")).allowed())
                .isTrue();
        assertThat(asked).hasSize(2);
        assertThat(child.grants()).anySatisfy(g -> assertThat(g).contains("srv__tool"));
        answer = PermissionAnswer.DENY;
        assertThat(parent.ask(PermissionRequest.mcp("srv__tool", root, "t")).allowed())
                .isFalse();
        assertThat(asked).hasSize(3);
    }

    @Test
    void aChildsWalkWithholdsWhatASymlinkCarriesPastItsCeiling() throws Exception {
        PolicyGate child = parent(Mode.ASK).forChild("agt_kid", readSrc(root));
        assertThat(child.refuses(Operation.READ, root.resolve("src/a.txt"))).isFalse();
        assertThat(child.refuses(Operation.READ, root.resolve("src/link/x.txt")))
                .isTrue();
        assertThat(asked).isEmpty();
    }
}

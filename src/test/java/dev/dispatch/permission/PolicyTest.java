package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Evaluation.Outcome;
import dev.dispatch.permission.Grants.PathGrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy on its own: scopes, protected paths, grants by subtree, and children's ceilings. */
class PolicyTest {
    @TempDir
    Path base;

    Path root;
    Path outside;
    Path dispatch;
    Policy policy;

    @BeforeEach
    void setUp() throws Exception {
        base = base.toRealPath();
        root = Files.createDirectories(base.resolve("ws"));
        outside = Files.createDirectories(base.resolve("outside/sub"));
        outside = outside.getParent();
        dispatch = base.resolve("dispatch");
        policy = new Policy(
                root,
                new Rules(List.of(), List.of(), base),
                List.of(dispatch.resolve("data"), dispatch.resolve("state")),
                base);
    }

    Outcome judge(Policy p, Operation op, Path path) {
        return p.evaluate(new PermissionRequest(op, List.of(path), null, "t")).outcome();
    }

    @Test
    void theRootIsReadWriteExecuteAndEverythingElseAsks() {
        for (Operation op : List.of(Operation.READ, Operation.WRITE)) {
            assertThat(judge(policy, op, root.resolve("a/b.txt"))).isEqualTo(Outcome.ALLOW);
            assertThat(judge(policy, op, outside.resolve("x"))).isEqualTo(Outcome.ASK);
            assertThat(judge(policy, op, base.resolve("ws-evil/x"))).isEqualTo(Outcome.ASK);
        }
        assertThat(policy.evaluate(PermissionRequest.execute("ls", root, "t")).outcome())
                .isEqualTo(Outcome.ALLOW);
    }

    @Test
    void dispatchsDirsAreRefusedBeforeTheyExist() {
        assertThat(Files.exists(dispatch)).isFalse();
        Evaluation e = policy.evaluate(PermissionRequest.write(dispatch.resolve("state/operator.token"), "t"));
        assertThat(e.outcome()).isEqualTo(Outcome.DENY);
        assertThat(e.by()).isEqualTo(Evaluation.By.PROTECTED);
        assertThat(e.reason()).contains("Dispatch's own directory");
    }

    @Test
    void aSessionGrantCoversItsSubtreeOnlyForItsOperation() {
        policy.grants().add(new PathGrant(Operation.READ, outside));
        assertThat(judge(policy, Operation.READ, outside.resolve("sub/deep.txt")))
                .isEqualTo(Outcome.ALLOW);
        assertThat(judge(policy, Operation.WRITE, outside.resolve("sub/deep.txt")))
                .isEqualTo(Outcome.ASK);
        assertThat(judge(policy, Operation.READ, base.resolve("outside-2/x"))).isEqualTo(Outcome.ASK);
    }

    @Test
    void aChildGetsTheIntersectionOfItsParentsGrantsAndItsRequest() {
        policy.grants().add(new PathGrant(Operation.READ, outside));
        Grants requested = new Grants(List.of(
                new PathGrant(Operation.READ, outside.resolve("sub")),
                new PathGrant(Operation.WRITE, outside),
                new PathGrant(Operation.READ, Path.of("/etc")),
                new PathGrant(Operation.WRITE, root.resolve("src"))));
        Policy child = policy.forChild(requested);
        // what both hold
        assertThat(judge(child, Operation.READ, outside.resolve("sub/a.txt"))).isEqualTo(Outcome.ALLOW);
        assertThat(judge(child, Operation.WRITE, root.resolve("src/Main.java"))).isEqualTo(Outcome.ALLOW);
        // the parent only reads outside/; the child asked to write there: it may read; a write asks the user
        assertThat(judge(child, Operation.READ, outside.resolve("other.txt"))).isEqualTo(Outcome.ALLOW);
        assertThat(judge(child, Operation.WRITE, outside.resolve("sub/a.txt"))).isEqualTo(Outcome.ASK);
        assertThat(judge(child, Operation.WRITE, outside.resolve("other.txt"))).isEqualTo(Outcome.ASK);
        // requested but the parent lacks it: never allowed unasked, only a person can answer
        Evaluation etc = child.evaluate(PermissionRequest.read(Path.of("/etc/hosts"), "t"));
        assertThat(etc.outcome()).isEqualTo(Outcome.ASK);
        assertThat(etc.by()).isEqualTo(Evaluation.By.CEILING);
        assertThat(etc.reason()).contains("child agent");
        // inside the root but not requested
        assertThat(judge(child, Operation.WRITE, root.resolve("README.md"))).isEqualTo(Outcome.ASK);
        // what the user grants the child allows it from then on, for the child only
        child.grants().add(new PathGrant(Operation.WRITE, root));
        assertThat(judge(child, Operation.WRITE, root.resolve("README.md"))).isEqualTo(Outcome.ALLOW);
        assertThat(policy.forChild(requested)
                        .evaluate(PermissionRequest.write(root.resolve("README.md"), "t"))
                        .outcome())
                .isEqualTo(Outcome.ASK);
    }

    @Test
    void aChildsDenyRulesAndProtectedPathsAreRefusedNeverAsked() throws Exception {
        Policy child = policy.forChild(new Grants(List.of(new PathGrant(Operation.READ, root.resolve("src")))));
        Evaluation git = child.evaluate(PermissionRequest.write(root.resolve(".git/hooks/pre-commit"), "t"));
        assertThat(git.outcome()).isEqualTo(Outcome.DENY);
        assertThat(git.by()).isEqualTo(Evaluation.By.PROTECTED);
    }

    @Test
    void grantsIntersectByOperationAndDepth() {
        Grants a = new Grants(List.of(
                new PathGrant(Operation.WRITE, Path.of("/a")), new PathGrant(Operation.EXECUTE, Path.of("/x"))));
        Grants b = new Grants(List.of(
                new PathGrant(Operation.READ, Path.of("/a/b")),
                new PathGrant(Operation.WRITE, Path.of("/x/y")),
                new PathGrant(Operation.WRITE, Path.of("/ab"))));
        assertThat(a.intersect(b).pathGrants()).containsExactly(new PathGrant(Operation.READ, Path.of("/a/b")));
        assertThat(b.intersect(a).pathGrants()).containsExactly(new PathGrant(Operation.READ, Path.of("/a/b")));
    }

    @Test
    void aDenyGlobBeatsTheRootAndAutoAllow() throws Exception {
        Policy p = new Policy(
                root, new Rules(List.of(outside), List.of(root + "/secrets/**", "~/.ssh"), base), List.of(), base);
        assertThat(judge(p, Operation.READ, root.resolve("secrets/a/b"))).isEqualTo(Outcome.DENY);
        assertThat(judge(p, Operation.READ, base.resolve(".ssh/id_rsa"))).isEqualTo(Outcome.DENY);
        assertThat(judge(p, Operation.WRITE, outside.resolve("x"))).isEqualTo(Outcome.ALLOW);
        assertThat(judge(p, Operation.READ, root.resolve("src/x"))).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void relativeDenyGlobsAreRelativeToTheProjectRoot() throws Exception {
        Policy p =
                new Policy(root, new Rules(List.of(), List.of("./secrets/**", "**/.env"), base, root), List.of(), base);
        assertThat(judge(p, Operation.READ, root.resolve("secrets/k"))).isEqualTo(Outcome.DENY);
        assertThat(judge(p, Operation.READ, root.resolve("app/.env"))).isEqualTo(Outcome.DENY);
        assertThat(judge(p, Operation.READ, root.resolve("app/env"))).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aRequestWithoutPathsIsRefused() {
        assertThat(policy.evaluate(new PermissionRequest(Operation.READ, List.of(), null, "t"))
                        .outcome())
                .isEqualTo(Outcome.DENY);
    }
}

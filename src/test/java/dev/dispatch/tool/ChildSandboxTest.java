package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Confinement;
import dev.dispatch.permission.DecisionLog;
import dev.dispatch.permission.Grants;
import dev.dispatch.permission.Mode;
import dev.dispatch.permission.Operation;
import dev.dispatch.permission.Policy;
import dev.dispatch.permission.PolicyGate;
import dev.dispatch.permission.Prompter;
import dev.dispatch.permission.Rules;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.shell.ShellSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A child agent's shell sandbox writes exactly its own write grants, never its parent's project: the
 * real {@link PolicyGate} of a child (as {@code summon_agent} builds it) drives {@code run_shell} in
 * the real bubblewrap. Every command here is one the policy cannot see into ({@code sh -c}), so it asks
 * and the user answers "once": the sandbox alone keeps the write out. Tried and held: a read-only
 * child's redirect, {@code touch}, {@code mv}, {@code cp}, a hard link out of and into its grant, a
 * symlink made earlier (and in the same command) pointing up, {@code ..} out of its grant; a child with
 * {@code write:src} writes there and nowhere else; the root agent still writes its project.
 */
class ChildSandboxTest {
    SandboxFixture fx;
    Sandbox sandbox;
    final List<Prompter.Prompt> asked = new CopyOnWriteArrayList<>();
    PolicyGate root;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = SandboxFixture.requireSandbox();
        fx = new SandboxFixture();
        Files.writeString(fx.root.resolve("kept.txt"), "original\n");
        Files.createDirectories(fx.root.resolve("src"));
        Files.createDirectories(fx.root.resolve("docs"));
        Files.writeString(fx.root.resolve("docs/readme.md"), "docs\n");
        Policy policy = new Policy(
                fx.root,
                new Rules(List.of(), List.of(), fx.home, fx.root),
                List.of(fx.dispatchState, fx.home.resolve(".config/dispatch"), fx.dispatchInProject),
                fx.home);
        root = new PolicyGate(
                "agt_root",
                policy,
                Mode.ASK,
                p -> {
                    asked.add(p);
                    return new Prompter.Reply(PermissionAnswer.ONCE, "");
                },
                DecisionLog.NONE,
                dir -> "not persisted",
                Confinement.Network.ON,
                InstantSource.system());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) fx.close();
    }

    private ToolResult run(PolicyGate gate, String command) throws Exception {
        RunShellTool tool = new RunShellTool(fx.env(), sandbox, r -> ShellSettings.none());
        ToolContext ctx = ToolContext.of(fx.root, "agt", "ses", gate);
        return tool.run(new RunShellTool.Params(command, null, 60), ctx);
    }

    private PolicyGate child(Operation op, String dir) {
        return root.forChild("agt_child", new Grants(List.of(new Grants.PathGrant(op, fx.root.resolve(dir)))));
    }

    @Test
    void aReadOnlyChildCannotWriteItsProjectWhateverTheCommand() throws Exception {
        PolicyGate ro = child(Operation.READ, ".");
        assertThat(ro.confinement(fx.root).writable()).isEmpty();
        for (String cmd : List.of(
                "sh -c 'echo x > file'",
                "sh -c 'touch touched'",
                "sh -c 'echo x >> kept.txt'",
                "sh -c 'mv kept.txt moved'",
                "sh -c 'cp kept.txt copied'",
                "sh -c 'ln kept.txt hard'",
                "sh -c 'mkdir made'",
                "sh -c 'rm -f docs/readme.md'")) {
            ToolResult r = run(ro, cmd);
            assertThat(r.isError()).as(cmd + " → " + r.text()).isTrue();
        }
        assertThat(fx.root.resolve("file")).doesNotExist();
        assertThat(fx.root.resolve("touched")).doesNotExist();
        assertThat(fx.root.resolve("moved")).doesNotExist();
        assertThat(fx.root.resolve("copied")).doesNotExist();
        assertThat(fx.root.resolve("hard")).doesNotExist();
        assertThat(fx.root.resolve("made")).doesNotExist();
        assertThat(fx.root.resolve("kept.txt")).hasContent("original");
        assertThat(fx.root.resolve("docs/readme.md")).exists();
        // it still reads what it was granted, in the directory it was allowed to run in
        ToolResult read = run(ro, "sh -c 'cat kept.txt; pwd'");
        assertThat(read.isError()).as(read.text()).isFalse();
        assertThat(read.text()).contains("original").contains(fx.root.toString());
        assertThat(asked).isNotEmpty();
    }

    @Test
    void aChildGrantedSrcWritesThereAndNowhereElseNotThroughLinksNorDotDot() throws Exception {
        Files.createSymbolicLink(fx.root.resolve("src/up"), Path.of(".."));
        Files.createSymbolicLink(fx.root.resolve("src/out"), fx.outside);
        PolicyGate src = child(Operation.WRITE, "src");
        assertThat(src.confinement(fx.root).writable()).containsExactly(fx.root.resolve("src"));
        ToolResult ok = run(src, "sh -c 'echo y > src/in.txt'");
        assertThat(ok.isError()).as(ok.text()).isFalse();
        assertThat(fx.root.resolve("src/in.txt")).hasContent("y");
        for (String cmd : List.of(
                "sh -c 'echo z > out.txt'",
                "sh -c 'echo z > src/../dotdot.txt'",
                "sh -c 'echo z > src/up/via-link.txt'",
                "sh -c 'echo z > src/out/via-link.txt'",
                "sh -c 'ln -s .. src/fresh && echo z > src/fresh/same-turn.txt'",
                "sh -c 'mv src/in.txt escaped.txt'",
                "sh -c 'cp src/in.txt kept.txt'",
                "sh -c 'ln src/in.txt hard-out'",
                "sh -c 'ln kept.txt src/hard-in && echo z >> src/hard-in'",
                "sh -c 'cd src && cd .. && echo z > cd-up.txt'")) {
            ToolResult r = run(src, cmd);
            assertThat(r.isError()).as(cmd + " → " + r.text()).isTrue();
        }
        assertThat(fx.root.resolve("out.txt")).doesNotExist();
        assertThat(fx.root.resolve("dotdot.txt")).doesNotExist();
        assertThat(fx.root.resolve("via-link.txt")).doesNotExist();
        assertThat(fx.outside.resolve("via-link.txt")).doesNotExist();
        assertThat(fx.root.resolve("same-turn.txt")).doesNotExist();
        assertThat(fx.root.resolve("escaped.txt")).doesNotExist();
        assertThat(fx.root.resolve("hard-out")).doesNotExist();
        assertThat(fx.root.resolve("cd-up.txt")).doesNotExist();
        assertThat(fx.root.resolve("kept.txt")).hasContent("original");
        assertThat(fx.root.resolve("src/in.txt")).hasContent("y");
        // above the project is the sandbox's private /var/tmp: a move there leaves the disk untouched
        run(src, "sh -c 'cp src/in.txt ../above.txt; cp src/in.txt " + fx.outside + "/o.txt'");
        assertThat(fx.base.resolve("above.txt")).doesNotExist();
        assertThat(fx.outside.resolve("o.txt")).doesNotExist();
    }

    @Test
    void theRootAgentStillWritesItsProjectAndAChildWithoutPermissionsSharesIt() throws Exception {
        ToolResult r = run(root, "sh -c 'echo r > by-root.txt'");
        assertThat(r.isError()).as(r.text()).isFalse();
        assertThat(fx.root.resolve("by-root.txt")).hasContent("r");
        PolicyGate shared = root.forChild("agt_shared", root.policy().effective());
        ToolResult c = run(shared, "sh -c 'echo c > by-child.txt'");
        assertThat(c.isError()).as(c.text()).isFalse();
        assertThat(fx.root.resolve("by-child.txt")).hasContent("c");
    }

    @Test
    void whatDenyRulesNameIsCoveredInsideTheSandboxForCommandsTheAnalyserCannotFollow() throws Exception {
        Files.createDirectories(fx.root.resolve("secrets"));
        Files.writeString(fx.root.resolve("secrets/key"), "secret-canary\n");
        Files.createDirectories(fx.root.resolve("a/b"));
        Files.writeString(fx.root.resolve("a/b/.env"), "env-canary\n");
        Policy policy = new Policy(
                fx.root,
                new Rules(List.of(), List.of("secrets/**", ".env"), fx.home, fx.root),
                List.of(fx.dispatchState),
                fx.home);
        PolicyGate gate = new PolicyGate(
                "agt_deny",
                policy,
                Mode.ASK,
                p -> new Prompter.Reply(PermissionAnswer.ONCE, ""),
                DecisionLog.NONE,
                dir -> "not persisted",
                Confinement.Network.ON,
                InstantSource.system());
        ToolResult r = run(
                gate,
                "sh -c 'grep -r canary . ; cat secrets/key a/b/.env; echo x > secrets/new;"
                        + " rm -rf secrets; echo y > a/b/.env'");
        assertThat(r.text()).doesNotContain("secret-canary").doesNotContain("env-canary");
        assertThat(fx.root.resolve("secrets/key")).hasContent("secret-canary");
        assertThat(fx.root.resolve("secrets/new")).doesNotExist();
        assertThat(fx.root.resolve("a/b/.env")).hasContent("env-canary");
        // the policy itself refuses what it can see, the folder itself included
        for (String cmd : List.of("cat secrets/key", "cp kept.txt secrets/", "rm -rf secrets", "ls secrets")) {
            assertThat(gate.ask(dev.dispatch.permission.PermissionRequest.execute(cmd, fx.root, "t"))
                            .allowed())
                    .as(cmd)
                    .isFalse();
        }
    }
}

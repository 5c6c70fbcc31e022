package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.shell.Sandbox;
import dev.dispatch.shell.ShellSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile commands through the real {@code run_shell} and the real bubblewrap, with a gate that
 * allows everything: each way out of the project the adversarial pass found (and its neighbours)
 * must end inside the sandbox, and ordinary git work must still succeed.
 */
class RunShellEscapeTest {
    SandboxFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void procRootOfHostProcessesReachesNothingOutside() throws Exception {
        Sandbox s = SandboxFixture.requireSandbox();
        long self = ProcessHandle.current().pid();
        Path target = f.outside.resolve("escaped.txt");
        ToolResult r = f.run(
                s,
                "echo x > /proc/1/root" + target + "; echo x > /proc/" + self + "/root" + target
                        + "; echo x > /proc/" + self + "/root/var/tmp/escaped-" + self
                        + "; for p in /proc/[0-9]*; do echo x > $p/root" + target + " 2>/dev/null; done"
                        + "; cat /proc/1/root" + f.dispatchState
                        + "/operator.token; ls /proc | grep -c '^[0-9]'; echo done");
        assertThat(r.text()).contains("done").doesNotContain("tok-canary");
        assertThat(target).doesNotExist();
        assertThat(Path.of("/var/tmp/escaped-" + self)).doesNotExist();
        // the fresh /proc holds only the sandbox's own few processes, not the host's
        String count =
                r.text().lines().filter(l -> l.matches("\\d+")).findFirst().orElseThrow();
        assertThat(Integer.parseInt(count)).isLessThan(10);
    }

    @Test
    void anotherProcesssEnvironmentIsInvisible() throws Exception {
        Sandbox s = SandboxFixture.requireSandbox();
        // stands for Dispatch itself: a host process holding the key in its environment
        ProcessBuilder holder = new ProcessBuilder("sleep", "120");
        holder.environment().put("MY_LLM_KEY", "sk-holder-canary-123456");
        Process p = holder.start();
        try {
            ToolResult r = f.run(
                    s,
                    "cat /proc/" + p.pid() + "/environ; cat /proc/$PPID/environ; cat /proc/*/environ; ps e 2>/dev/null;"
                            + " for e in /proc/*/environ; do tr '\\0' '\\n' < $e; done; echo done");
            assertThat(r.text())
                    .contains("done")
                    .doesNotContain("holder-canary")
                    .doesNotContain("MY_LLM_KEY");
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void homeDispatchsFilesAndOtherDirectoriesAreAbsent() throws Exception {
        Sandbox s = SandboxFixture.requireSandbox();
        Path config = f.home.resolve(".config/dispatch/config.yaml");
        ToolResult r = f.run(
                s,
                ShellSettings.none(),
                f.env(),
                "cat " + f.dispatchState + "/operator.token; cat ~/.ssh/id_x;"
                        + " cat " + config + "; cat ~/notes.txt; cat ~/.m2/settings.xml; cat " + f.outside
                        + "/secret.txt;"
                        + " cat " + f.dispatchInProject
                        + "/dispatch.mv.db; ls -A ~; ls /root /home 2>&1; cat /etc/shadow; echo done");
        assertThat(r.text())
                .contains("done")
                .contains("No such file or directory")
                .doesNotContain("canary")
                .doesNotContain("root:");
        // the files are still there on the host: hidden, not touched
        assertThat(f.dispatchInProject.resolve("dispatch.mv.db")).hasContent("store-canary");
    }

    @Test
    void listedPathsAreShownAsListedAndNothingElseOfHome() throws Exception {
        Sandbox s = SandboxFixture.requireSandbox();
        ShellSettings settings = new ShellSettings(
                List.of(f.home.resolve(".gitconfig"), f.home.resolve("missing-dir")),
                List.of(f.home.resolve(".m2/repository")),
                Set.of(),
                Set.of());
        ToolResult r = f.run(
                s,
                settings,
                f.env(),
                "cat ~/.gitconfig; echo cached > ~/.m2/repository/a.jar;"
                        + " echo no > ~/.gitconfig; cat ~/.m2/settings.xml; touch ~/scratch && echo home-writable; echo done");
        assertThat(r.text()).contains("Sandboxed Test").contains("done").doesNotContain("m2-canary");
        assertThat(f.home.resolve(".m2/repository/a.jar")).hasContent("cached");
        assertThat(f.home.resolve(".gitconfig")).content().contains("Sandboxed Test");
        // $HOME itself is an empty scratch directory: writes there vanish with the call
        assertThat(f.home.resolve("scratch")).doesNotExist();
    }

    @Test
    void gitWorksButItsExecutablePartsStayReadOnly() throws Exception {
        Sandbox s = SandboxFixture.requireSandbox();
        git("init", "-q");
        Files.writeString(f.root.resolve("a.txt"), "a\n");
        ToolResult ok = f.run(
                s,
                ShellSettings.none(),
                f.env(),
                "git status --short; git add a.txt"
                        + " && git -c user.name=t -c user.email=t@e commit -qm first && git log --oneline | wc -l");
        assertThat(ok.isError()).as(ok.text()).isFalse();
        assertThat(ok.text()).contains("?? a.txt").contains("1\n");
        String hook = "#!/bin/sh\necho planted\n";
        ToolResult evil = f.run(
                s,
                "printf '" + hook.replace("\n", "\\n") + "' > .git/hooks/pre-commit;"
                        + " chmod +x .git/hooks/pre-commit; echo '[core]' >> .git/config; echo 'hooksPath = evil' >> .git/config;"
                        + " mv .git/hooks .git/hooks2; mv .git .git-moved; cp -r .git/hooks /tmp/h; rm -rf .git/hooks/*;"
                        + " echo ../evil > .git/commondir; mkdir -p evil/hooks; echo done");
        assertThat(evil.text()).contains("Read-only file system").contains("done");
        assertThat(f.root.resolve(".git/hooks/pre-commit")).doesNotExist();
        assertThat(f.root.resolve(".git/config")).content().doesNotContain("hooksPath");
        assertThat(f.root.resolve(".git/HEAD")).exists();
        assertThat(f.root.resolve(".git-moved")).doesNotExist();
        // a redirect git would follow is removed after the call, and the model is told
        assertThat(f.root.resolve(".git/commondir")).doesNotExist();
        assertThat(evil.text()).contains("removed " + f.root.resolve(".git/commondir"));
        assertThat(evil.isError()).isTrue();
    }

    void git(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", f.root.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getInputStream().readAllBytes()))
                .isZero();
    }
}

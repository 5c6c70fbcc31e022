package dev.dispatch.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.Prerequisite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same sandbox run by an unprivileged user (nobody, through {@code setpriv}), as most users
 * run Dispatch: bubblewrap then needs unprivileged user namespaces, and the escapes must fail the
 * same way. Runs when the tests run as root (CI); as any other user the other sandbox tests already
 * are the unprivileged run.
 */
class SandboxUnprivilegedTest {
    static final String NOBODY = "65534";
    Path base;
    Path root;
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createTempDirectory(Path.of("/var/tmp"), "dispatch-unpriv-test")
                .toRealPath();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(base.resolve("ws"));
        outside = Files.createDirectories(base.resolve("outside"));
        for (Path d : List.of(root, outside))
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(outside.resolve("secret.txt"), "outside-canary\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Test
    void escapesFailForAnUnprivilegedUserToo() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Assumptions.assumeTrue(
                uid == 0, "running as uid " + uid + ": the other sandbox tests are the unprivileged run");
        Sandbox sandbox = Sandbox.detect(System.getenv("PATH"));
        if (!sandbox.status().sandboxed())
            Prerequisite.missing("DISPATCH_REQUIRE_SANDBOX", "bubblewrap does not work here: " + sandbox.status());
        List<String> setpriv = List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
        // a host process of the same user holding a key: its environ must stay out of reach
        List<String> holderArgv = new ArrayList<>(setpriv);
        holderArgv.addAll(List.of("env", "MY_LLM_KEY=k-holder-canary-42", "sleep", "120"));
        Process holder = new ProcessBuilder(holderArgv).start();
        try {
            Sandbox.Spec spec = new Sandbox.Spec(
                    List.of(), List.of(root), List.of(), Sandbox.Spec.Network.OFF, Path.of("/nonexistent-home"));
            List<String> prefix = new ArrayList<>(setpriv);
            prefix.addAll(sandbox.prefix(spec));
            String command = "id -u; echo inside > ws.txt; echo x > /proc/1/root" + outside + "/escaped.txt;"
                    + " echo x > " + outside + "/escaped.txt; cat " + outside + "/secret.txt;"
                    + " cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n'; ls /proc | grep -c '^[0-9]'; echo done";
            ShellResult r = Shell.start(
                            new ShellCommand(
                                    command,
                                    root,
                                    Duration.ofSeconds(60),
                                    Map.of("PATH", "/usr/bin:/bin", "HOME", "/nonexistent-home"),
                                    65536,
                                    prefix),
                            (c, s) -> {})
                    .await();
            String all = r.stdout() + r.stderr();
            assertThat(r.stdout()).as(all).startsWith(NOBODY + "\n").contains("done");
            assertThat(all).doesNotContain("canary");
            assertThat(root.resolve("ws.txt")).hasContent("inside");
            assertThat(outside.resolve("escaped.txt")).doesNotExist();
            String count = r.stdout()
                    .lines()
                    .filter(l -> l.matches("\\d+"))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(Integer.parseInt(count)).isLessThan(10);
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Confinement;
import dev.dispatch.permission.PermissionDecision;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.shell.Sandbox;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code run_shell} inside bubblewrap with a gate that allows everything (as {@code bypass} would):
 * the sandbox alone must keep writes in the project and granted dirs, hide Dispatch's dirs, and cut
 * the network when told. The temp root lives under {@code /var/tmp}, never under {@code /tmp}: the
 * sandbox gives commands a private {@code /tmp}, and the read-only rest must be shown to hold (a
 * checkout under {@code /tmp}, as a CI clone may be, rules out {@code target/} too).
 * CI installs bubblewrap; without it these tests fail and say to install it.
 */
class RunShellSandboxTest {
    Path base;
    Path root;
    Path outside;
    Path granted;
    Path dispatchDir;

    @BeforeEach
    void setUp() throws IOException {
        Path parent = Path.of("/var/tmp");
        assertThat(parent)
                .as("these tests need /var/tmp (outside the sandbox's private /tmp)")
                .isDirectory();
        base = Files.createTempDirectory(parent, "dispatch-sandbox-test").toRealPath();
        root = Files.createDirectories(base.resolve("ws"));
        outside = Files.createDirectories(base.resolve("outside"));
        granted = Files.createDirectories(base.resolve("granted"));
        dispatchDir = Files.createDirectories(base.resolve("dispatch/state"));
        Files.writeString(outside.resolve("secret.txt"), "secret\n");
        Files.writeString(dispatchDir.resolve("operator.token"), "tok-canary\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static Sandbox bwrap() {
        Sandbox s = Sandbox.detect(System.getenv("PATH"));
        assertThat(s.status().sandboxed())
                .as(
                        "these tests need a working bubblewrap: install it (apt-get install bubblewrap); status: %s",
                        s.status())
                .isTrue();
        return s;
    }

    /** Allows every request, as bypass mode would; the sandbox is all that stands in the way. */
    PermissionGate allowAll(Confinement.Network network) {
        return new PermissionGate() {
            @Override
            public PermissionDecision ask(PermissionRequest request) {
                return PermissionDecision.allow("test: everything allowed");
            }

            @Override
            public Confinement confinement(Path projectRoot) {
                return new Confinement(List.of(root, granted), List.of(base.resolve("dispatch")), network);
            }
        };
    }

    ToolResult run(Sandbox sandbox, Confinement.Network network, String command) throws Exception {
        RunShellTool tool =
                new RunShellTool(Map.of("PATH", System.getenv("PATH"), "HOME", root.toString()), List.of(), sandbox);
        ToolContext ctx = ToolContext.of(root, "agt_test", "ses_test", allowAll(network));
        return tool.run(new RunShellTool.Params(command, null, 30), ctx);
    }

    @Test
    void aWriteOutsideTheRootFailsEvenThoughThePolicyAllowedIt() throws Exception {
        ToolResult r = run(
                bwrap(),
                Confinement.Network.ON,
                "touch inside.txt; echo pwned > " + outside + "/secret.txt; touch " + outside + "/new.txt; echo ok > "
                        + granted + "/g.txt");
        // outside the allow-list the directory does not exist at all
        assertThat(r.text()).contains("No such file or directory");
        assertThat(r.metadata().get("sandbox").toString()).startsWith("sandboxed");
        assertThat(root.resolve("inside.txt")).exists();
        assertThat(granted.resolve("g.txt")).hasContent("ok");
        assertThat(outside.resolve("secret.txt")).hasContent("secret");
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void dispatchsOwnDirectoriesAreHidden() throws Exception {
        ToolResult r =
                run(bwrap(), Confinement.Network.ON, "cat " + dispatchDir + "/operator.token; ls " + dispatchDir);
        assertThat(r.text()).doesNotContain("tok-canary").contains("No such file");
        assertThat(dispatchDir.resolve("operator.token")).hasContent("tok-canary");
    }

    @Test
    void withTheNetworkOffALoopbackConnectFails() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String connect = "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected";
            Thread accept = Thread.ofVirtual().start(() -> {
                try {
                    while (true) server.accept().close();
                } catch (IOException closed) {
                    // the test is over
                }
            });
            ToolResult on = run(bwrap(), Confinement.Network.ON, connect);
            ToolResult off = run(bwrap(), Confinement.Network.OFF, connect);
            assertThat(on.text()).contains("connected");
            assertThat(off.isError()).isTrue();
            assertThat(off.text()).doesNotContain("connected\n");
            server.close();
            accept.join(5000);
        }
    }

    @Test
    void withoutBwrapCommandsStillRunAndTheStatusSaysUnsandboxed() throws Exception {
        Sandbox missing = Sandbox.at(base.resolve("no-such-bwrap"));
        assertThat(missing.status().sandboxed()).isFalse();
        assertThat(missing.status().toString())
                .startsWith("unsandboxed")
                .contains("no-such-bwrap")
                .contains("bubblewrap");
        ToolResult r = run(missing, Confinement.Network.OFF, "echo ran; touch " + outside + "/unconfined.txt");
        assertThat(r.isError()).isFalse();
        assertThat(r.text()).contains("ran");
        assertThat(r.metadata().get("sandbox").toString()).startsWith("unsandboxed");
        // nothing stopped it: this is what "unsandboxed" means
        assertThat(outside.resolve("unconfined.txt")).exists();
    }
}

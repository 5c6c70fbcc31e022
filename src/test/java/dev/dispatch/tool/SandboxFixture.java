package dev.dispatch.tool;

import dev.dispatch.Prerequisite;
import dev.dispatch.permission.Confinement;
import dev.dispatch.permission.PermissionDecision;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.protocol.Cancellation;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.shell.ShellSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Test fixture for {@code run_shell} against the real bubblewrap: a temp tree under {@code /var/tmp}
 * (outside the sandbox's private {@code /tmp}) holding a project, a fake home with secrets in it,
 * Dispatch's own directories (one inside the project), and a gate that allows everything, as
 * {@code bypass} would, so the sandbox alone stands in the way.
 *
 * <p>Without bubblewrap the sandboxed tests are skipped with a printed reason, and fail instead
 * when {@code DISPATCH_REQUIRE_SANDBOX=1} (CI) is set.
 */
final class SandboxFixture implements AutoCloseable {
    final Path base;
    final Path root;
    final Path home;
    final Path outside;
    final Path dispatchState;
    final Path dispatchInProject;
    final List<ToolOutput> streamed = new CopyOnWriteArrayList<>();

    SandboxFixture() throws IOException {
        base = Files.createTempDirectory(Path.of("/var/tmp"), "dispatch-escape-test")
                .toRealPath();
        root = Files.createDirectories(base.resolve("ws"));
        home = Files.createDirectories(base.resolve("home"));
        outside = Files.createDirectories(base.resolve("outside"));
        dispatchState = Files.createDirectories(home.resolve(".local/state/dispatch"));
        Files.writeString(dispatchState.resolve("operator.token"), "tok-canary-operator\n");
        Files.createDirectories(home.resolve(".config/dispatch"));
        Files.writeString(home.resolve(".config/dispatch/config.yaml"), "keys: [{provider: a, secret: cfg-canary}]\n");
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_x"), "ssh-canary-private-key\n");
        Files.writeString(home.resolve("notes.txt"), "home-canary\n");
        Files.createDirectories(home.resolve(".m2/repository"));
        Files.writeString(home.resolve(".m2/settings.xml"), "<password>m2-canary</password>\n");
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Sandboxed Test\n\temail = t@example.com\n");
        dispatchInProject = Files.createDirectories(root.resolve(".dispatch-data"));
        Files.writeString(dispatchInProject.resolve("dispatch.mv.db"), "store-canary\n");
        Files.writeString(outside.resolve("secret.txt"), "outside-canary\n");
    }

    /** The real bubblewrap; skips (or fails under DISPATCH_REQUIRE_SANDBOX=1) where there is none. */
    static Sandbox requireSandbox() {
        Sandbox s = Sandbox.detect(System.getenv("PATH"));
        if (!s.status().sandboxed()) {
            Prerequisite.missing(
                    "DISPATCH_REQUIRE_SANDBOX",
                    "bubblewrap does not work here: " + s.status() + "; install it (apt-get install bubblewrap)");
        }
        return s;
    }

    PermissionGate allowAll() {
        return new PermissionGate() {
            @Override
            public PermissionDecision ask(PermissionRequest request) {
                return PermissionDecision.allow("test: everything allowed");
            }

            @Override
            public Confinement confinement(Path projectRoot) {
                return new Confinement(
                        List.of(root),
                        List.of(dispatchState, home.resolve(".config/dispatch"), dispatchInProject),
                        Confinement.Network.ON);
            }
        };
    }

    Map<String, String> env(String... extra) {
        Map<String, String> env =
                new java.util.HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString()));
        for (int i = 0; i + 1 < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
        return env;
    }

    ToolResult run(RunShellTool tool, String command) throws Exception {
        ToolContext ctx = new ToolContext(root, "agt_test", "ses_test", allowAll(), streamed::add, new Cancellation());
        return tool.run(new RunShellTool.Params(command, null, 120), ctx);
    }

    ToolResult run(Sandbox sandbox, ShellSettings settings, Map<String, String> env, String command) throws Exception {
        return run(new RunShellTool(env, sandbox, r -> settings), command);
    }

    ToolResult run(Sandbox sandbox, String command) throws Exception {
        return run(sandbox, ShellSettings.none(), env(), command);
    }

    String streamedText() {
        return String.join("", streamed.stream().map(ToolOutput::chunk).toList());
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}

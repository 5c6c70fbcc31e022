package dev.dispatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import dev.dispatch.permission.Confinement;
import dev.dispatch.permission.DecisionLog;
import dev.dispatch.permission.Mode;
import dev.dispatch.permission.PendingPrompts;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.permission.Policy;
import dev.dispatch.permission.PolicyGate;
import dev.dispatch.permission.Prompter;
import dev.dispatch.permission.Rules;
import dev.dispatch.permission.UserRules;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ProviderSettings;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.tool.RunShellTool;
import dev.dispatch.tool.ToolRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A temp world for permission scenarios: {@code base/ws} is the project, with a sibling
 * {@code base/ws-evil}, an {@code outside} dir, a fake home and Dispatch's own dirs beside it, all
 * holding sentinel files. Agents run the real loop with real {@link PolicyGate}s; "ask" prompts go
 * out as real {@code PermissionRequested} events and are answered from a queue through
 * {@link PendingPrompts#reply}, as a face would. {@link #assertNothingOutsideChanged} compares a
 * snapshot of everything outside the project (and a few system files) with the one taken at start.
 */
final class PermissionFixture implements AutoCloseable {
    static final List<Path> SYSTEM_FILES =
            List.of(Path.of("/etc/hosts"), Path.of("/etc/passwd"), Path.of("/etc/motd"), Path.of("/etc/hostname"));

    final Path base;
    final Path project;
    final Path sibling;
    final Path outside;
    final Path home;
    final Dirs dirs;
    final Map<String, String> env;
    final List<DecisionLog.Entry> log = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Prompter.Reply> answers = new ConcurrentLinkedQueue<>();
    final List<Event> seen = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.DENY;
    volatile Sandbox sandbox = Sandbox.off("not under test");
    private final Map<String, String> before;
    AgentHarness h;
    PendingPrompts prompts;

    PermissionFixture(Path base) throws IOException {
        this.base = base.toRealPath();
        project = Files.createDirectories(this.base.resolve("ws"));
        sibling = Files.createDirectories(this.base.resolve("ws-evil"));
        outside = Files.createDirectories(this.base.resolve("outside"));
        home = Files.createDirectories(this.base.resolve("home"));
        Files.createDirectories(project.resolve(".git/hooks"));
        Files.writeString(sibling.resolve("keep.txt"), "sibling\n");
        Files.writeString(outside.resolve("secret.txt"), "outside secret\n");
        Files.writeString(outside.resolve("other.txt"), "other\n");
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_rsa"), "PRIVATE KEY\n");
        Files.writeString(home.resolve(".bashrc"), "# rc\n");
        env = Map.of("DISPATCH_HOME", this.base.resolve("dispatch").toString(), "HOME", home.toString());
        dirs = Dirs.resolve(env);
        Files.createDirectories(dirs.config());
        Files.createDirectories(dirs.state());
        before = snapshot();
    }

    /** Starts (or restarts: a new runtime and fresh session grants) the runtime. */
    AgentHarness start() {
        if (h != null) h.close();
        prompts =
                new PendingPrompts(this::onEvent, (a, s, d) -> h.runtime.reportStatus(a, s, d), InstantSource.system());
        Map<String, String> shellEnv = Map.of(
                "PATH",
                System.getenv("PATH"),
                "HOME",
                home.toString(),
                "ANTHROPIC_API_KEY",
                "sk-canary-env",
                "DISPATCH_OPERATOR_TOKEN",
                "tok-canary");
        RunShellTool shell = new RunShellTool(shellEnv, List.of(), sandbox);
        h = new AgentHarness(
                project, base.resolve("store-" + System.nanoTime()), this::gate, ToolRegistry.standard(shell));
        return h;
    }

    private void onEvent(Event e) {
        seen.add(e);
        h.events.add(e);
        if (e instanceof RuntimeEvents.PermissionRequested r) {
            Prompter.Reply next = answers.poll();
            Prompter.Reply answer =
                    next != null ? next : new Prompter.Reply(PermissionAnswer.DENY, "no scripted answer");
            Thread.ofVirtual().start(() -> prompts.reply(r.requestId(), answer.decision(), answer.note()));
        }
    }

    PermissionGate gate(String agentId, String parent, Path root) {
        try {
            var config = new ConfigLoader(dirs, env, root).load().permissions();
            Policy policy = new Policy(
                    root,
                    Rules.from(config, home),
                    List.of(dirs.data(), dirs.config(), dirs.runtime(), dirs.state()),
                    home);
            UserRules user =
                    new UserRules(dirs.userConfigFile(), f -> new ConfigLoader(dirs, env, root).validateFile(f));
            return new PolicyGate(
                    agentId,
                    policy,
                    mode,
                    prompts,
                    log::add,
                    user::addAutoAllow,
                    config.network() == dev.dispatch.config.PermissionsConfig.Network.DENIED
                            ? Confinement.Network.OFF
                            : Confinement.Network.ON,
                    InstantSource.system());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void answer(PermissionAnswer d, String note) {
        answers.add(new Prompter.Reply(d, note));
    }

    RuntimeEvents.AgentFinished run(ProviderSettings settings, String prompt) throws InterruptedException {
        var started = h.start(settings, prompt);
        return h.awaitFinished(started.agentId());
    }

    List<RuntimeEvents.ToolCallFinished> results() {
        return h.of(RuntimeEvents.ToolCallFinished.class);
    }

    List<RuntimeEvents.PermissionRequested> requests() {
        return seen.stream()
                .filter(RuntimeEvents.PermissionRequested.class::isInstance)
                .map(RuntimeEvents.PermissionRequested.class::cast)
                .toList();
    }

    /** Every file outside the project (and the system files) as it was when the fixture was made. */
    void assertNothingOutsideChanged() throws IOException {
        assertThat(snapshot()).isEqualTo(before);
    }

    /** The same, except the user config file (which an "always" answer legitimately edits). */
    void assertNothingOutsideChangedButUserConfig() throws IOException {
        Map<String, String> now = snapshot();
        Map<String, String> was = new TreeMap<>(before);
        now.remove(dirs.userConfigFile().toString());
        was.remove(dirs.userConfigFile().toString());
        assertThat(now).isEqualTo(was);
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.toList()) {
                if (p.startsWith(project)
                        || p.getFileName().toString().startsWith("store-")
                        || p.toString().contains("/store-")) {
                    continue;
                }
                out.put(p.toString(), describe(p));
            }
        }
        for (Path p : SYSTEM_FILES) out.put(p.toString(), describe(p));
        return out;
    }

    private static String describe(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) return "link:" + Files.readSymbolicLink(p);
        if (Files.isDirectory(p)) return "dir";
        if (!Files.exists(p)) return "absent";
        try {
            return "file:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (h != null) h.close();
    }
}

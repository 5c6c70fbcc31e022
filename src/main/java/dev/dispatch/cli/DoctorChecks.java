package dev.dispatch.cli;

import dev.dispatch.app.ModelSetup;
import dev.dispatch.app.StoreProbe;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ConfigProblem;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks behind {@code dispatch doctor}, each returning a {@link DoctorCheck}. Required: JDK, data
 * dir, store, config, a model to run. Informational: the daemon and optional tools, which say what they would enable.
 */
final class DoctorChecks {
    static final int MIN_JDK = 21;

    /**
     * An optional tool: what it enables, and what happens without it. Only tools the product uses
     * today: a check for a feature that does not exist yet (worktrees, LSP diagnostics) misleads.
     */
    record Tool(String name, String enables, String without) {}

    static final List<Tool> TOOLS =
            List.of(new Tool("bwrap", "sandboxed shell commands", "shell commands run unsandboxed"));

    private final Dirs dirs;
    private final Map<String, String> env;

    DoctorChecks(Dirs dirs, Map<String, String> env) {
        this.dirs = dirs;
        this.env = env;
    }

    List<DoctorCheck> all(ConfigLoader loader) {
        List<DoctorCheck> out = new ArrayList<>();
        out.add(jdk());
        out.add(dataDir());
        DoctorCheck daemon = daemon();
        out.add(
                daemon.status() == DoctorCheck.Status.OK
                        ? DoctorCheck.info("store", "owned by the running " + servedBy())
                        : store());
        DoctorCheck database = database();
        if (database != null) out.add(database);
        out.add(config(loader));
        out.add(model(loader));
        out.add(daemon);
        out.add(socket(UnixHttp.Transport.current()));
        TOOLS.forEach(t -> out.add(tool(t)));
        out.add(sandbox());
        return out;
    }

    /**
     * The PostgreSQL store (store.url / DISPATCH_STORE_URL): connects, schema version against this dispatch's,
     * round-trip latency. {@code null} when the store is the embedded H2 file.
     */
    DoctorCheck database() {
        try {
            var r = dev.dispatch.app.SharedStore.check(dirs, env);
            if (r == null) return null;
            String detail = r.url() + " (PostgreSQL " + r.server() + "), schema version " + r.schemaVersion() + " of "
                    + r.knownVersion() + ", latency " + String.format(java.util.Locale.ROOT, "%.2f", r.latencyMs())
                    + " ms";
            if (r.schemaVersion() > r.knownVersion())
                return DoctorCheck.fail("database", detail + ": written by a newer dispatch; upgrade dispatch");
            if (r.schemaVersion() < r.knownVersion())
                return DoctorCheck.info("database", detail + ": the next daemon start brings the schema up to date");
            return DoctorCheck.ok("database", detail);
        } catch (RuntimeException e) {
            return DoctorCheck.fail("database", e.getMessage());
        }
    }

    /** Whether run_shell commands are confined here; "unsandboxed" said plainly, with the reason. */
    DoctorCheck sandbox() {
        String status = dev.dispatch.app.Sandboxes.describe(env);
        return status.startsWith("sandboxed")
                ? DoctorCheck.ok("sandbox", status)
                : DoctorCheck.info("sandbox", status + "; shell commands can write anywhere you can");
    }

    DoctorCheck jdk() {
        Runtime.Version v = Runtime.version();
        String detail = v + " (" + System.getProperty("java.home") + ")";
        return v.feature() >= MIN_JDK
                ? DoctorCheck.ok("jdk", detail)
                : DoctorCheck.fail("jdk", detail + " is too old; install JDK " + MIN_JDK + " or newer");
    }

    DoctorCheck dataDir() {
        Path dir = dirs.data();
        if (!Files.exists(dir)) return DoctorCheck.info("data dir", dir + " does not exist yet (created on first use)");
        if (!Files.isDirectory(dir)) return DoctorCheck.fail("data dir", dir + " is not a directory; move it away");
        if (!Files.isWritable(dir)) return DoctorCheck.fail("data dir", dir + " is not writable; check its owner");
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            String mode = PosixFilePermissions.toString(perms);
            if (!mode.equals("rwx------")) {
                return DoctorCheck.fail(
                        "data dir", dir + " has mode " + mode + ", others can read it; run chmod 700 " + dir);
            }
        } catch (UnsupportedOperationException | IOException e) {
            return DoctorCheck.ok("data dir", dir + " (permissions not checkable here: " + e.getMessage() + ")");
        }
        return DoctorCheck.ok("data dir", dir + " (mode 0700)");
    }

    DoctorCheck store() {
        StoreProbe.Result r = StoreProbe.probe(dirs.data());
        return switch (r.state()) {
            case OPENS -> DoctorCheck.ok("store", r.detail());
            case IN_USE, ABSENT -> DoctorCheck.info("store", r.detail());
            case FAILS -> DoctorCheck.fail("store", r.detail());
        };
    }

    DoctorCheck config(ConfigLoader loader) {
        try {
            Config c = loader.load();
            String files = c.sources().isEmpty() ? "defaults only" : c.sources().toString();
            boolean literalKeys =
                    c.keys().stream().anyMatch(k -> k.secret().envVar().isEmpty());
            if (literalKeys && othersCanRead(loader.userFile())) {
                return DoctorCheck.fail(
                        "config",
                        loader.userFile() + " holds API keys and other users can read it;" + " run chmod 600 "
                                + loader.userFile() + " (or reference keys by env var)");
            }
            return DoctorCheck.ok("config", "valid (" + files + ")");
        } catch (ConfigException e) {
            List<String> notes =
                    e.problems().stream().map(ConfigProblem::toString).toList();
            return new DoctorCheck(
                    "config",
                    DoctorCheck.Status.FAIL,
                    e.problems().size() + " problem(s); fix them, then run 'dispatch config validate'",
                    notes);
        }
    }

    /**
     * Whether an agent can start without {@code --model}: a default model whose key (or a fallback's)
     * is set. If not, a warning (coordination works without any model) whose notes say what to write
     * and where ({@link ModelSetup}).
     */
    DoctorCheck model(ConfigLoader loader) {
        Config c;
        try {
            c = loader.load();
        } catch (ConfigException e) {
            return DoctorCheck.info("model", "not checked: the config has problems (see above)");
        }
        List<String> problem = ModelSetup.problem(dirs, env, c);
        if (problem.isEmpty()) {
            String id = c.defaultModel().orElseThrow();
            var m = c.model(id).orElseThrow();
            return DoctorCheck.ok("model", id + " (" + m.provider() + " " + m.name() + ")");
        }
        String first = problem.get(0);
        return new DoctorCheck("model", DoctorCheck.Status.WARN, first, problem.subList(1, problem.size()));
    }

    private static boolean othersCanRead(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    DoctorCheck daemon() {
        Path socket = dirs.socket();
        if (!Files.exists(socket))
            return DoctorCheck.info("daemon", "not running (start it with 'dispatch daemon start')");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String who = servedBy();
            return DoctorCheck.ok(
                    "daemon",
                    who.equals(DaemonInfo.DAEMON)
                            ? "running (" + socket + ")"
                            : "not running; a " + who + " serves " + socket + " while it runs");
        } catch (IOException e) {
            return DoctorCheck.info("daemon", "not running (stale socket " + socket + ")");
        }
    }

    /** How one-shot commands reach the daemon's socket: the native library install.sh built, or the JDK's. */
    static DoctorCheck socket(UnixHttp.Transport t) {
        if (t.library() == null) {
            return DoctorCheck.info(
                    "socket",
                    "the JDK's Unix socket; one-shots start ~15 ms slower than with the native"
                            + " library, which install.sh builds when a C compiler (cc) is on the PATH");
        }
        if (!t.loaded()) {
            return DoctorCheck.info(
                    "socket",
                    t.library() + " does not load, so one-shots use the JDK's Unix socket"
                            + " (~15 ms slower); re-run install.sh");
        }
        return DoctorCheck.ok("socket", "native library " + t.library() + " (one-shots skip the JDK's socket set-up)");
    }

    /** "daemon", or the interactive session that serves the socket (from the registry). */
    private String servedBy() {
        DaemonInfo info = DaemonInfo.read(dirs.runtime());
        return info == null ? DaemonInfo.DAEMON : info.describeKind();
    }

    DoctorCheck tool(Tool t) {
        return onPath(t.name())
                .map(p -> DoctorCheck.ok(t.name(), p + " — " + t.enables()))
                .orElseGet(() ->
                        DoctorCheck.info(t.name(), "not found — would enable " + t.enables() + "; " + t.without()));
    }

    private Optional<Path> onPath(String name) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}

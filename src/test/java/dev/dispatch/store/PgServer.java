package dev.dispatch.store;

import dev.dispatch.Prerequisite;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests (issue 26), never H2 in a compatibility mode: Debian's server binaries
 * ({@code /usr/lib/postgresql/N/bin}, installed by .ci/run) run {@code initdb} and {@code pg_ctl} into a temp
 * dir on a free TCP port, with its unix socket dir inside the temp dir. PostgreSQL refuses to run as root,
 * so under root the server runs as {@code nobody} ({@code runuser}). One server per test JVM, started on
 * first use and stopped at exit; each test gets a database of its own ({@link #freshUrl}). Where the
 * binaries are missing the test is skipped, saying why, unless {@code DISPATCH_REQUIRE_POSTGRES} is set.
 */
public final class PgServer {
    private static PgServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path home;
    private final Path data;
    private final int port;
    private final boolean root;

    private PgServer(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.root = "root".equals(System.getProperty("user.name"));
        this.home = Files.createTempDirectory("dispatch-pg");
        this.data = home.resolve("data");
        this.port = freePort();
        if (root) chown(home);
        run(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "dispatch",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync"));
        Files.writeString(
                data.resolve("postgresql.conf"),
                "\nlisten_addresses = '127.0.0.1'\nport = " + port + "\nunix_socket_directories = '" + home
                        + "'\nmax_connections = 300\nshared_buffers = 64MB\nfsync = on\nsynchronous_commit = on\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        start();
    }

    /** The shared server, started on first use; skips (or fails under DISPATCH_REQUIRE_POSTGRES) without binaries. */
    public static synchronized PgServer get() {
        if (shared != null) return shared;
        Path bin = binaries();
        if (bin == null) {
            Prerequisite.missing(
                    "DISPATCH_REQUIRE_POSTGRES",
                    "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin;"
                            + " install Debian's postgresql package");
        }
        try {
            shared = new PgServer(bin);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start a test PostgreSQL server: " + e.getMessage(), e);
        }
        PgServer s = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(s::destroy));
        return shared;
    }

    private static Path binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) return null;
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.naturalOrder())
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    public int port() {
        return port;
    }

    /** The server's log (statement logs land here when a database sets {@code log_statement}). */
    public Path log() {
        return home.resolve("log");
    }

    /** A new, empty database on this server, as a {@code store.url}. */
    public String freshUrl() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "dispatch", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return "postgresql://dispatch@127.0.0.1:" + port + "/" + name;
    }

    /** Starts the server (again, after {@link #stop}), waiting until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        run(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                home.resolve("log").toString(),
                "-w",
                "-t",
                // crash recovery on a loaded 2-core machine took over a minute (7 other builds running)
                "300",
                "start"));
    }

    /**
     * Forces a checkpoint, so that a crash right after replays only the WAL written since (a crash test's
     * restart otherwise replays every earlier test's writes: over a minute on a loaded machine).
     */
    public void checkpoint() {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "dispatch", "");
                Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot checkpoint the test server: " + e.getMessage(), e);
        }
    }

    /** Stops the server; {@code immediate} is a crash (no checkpoint), recovered from the WAL at the next start. */
    public void stop(boolean immediate) throws IOException, InterruptedException {
        run(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-w",
                "-m",
                immediate ? "immediate" : "fast",
                "stop"));
    }

    private void destroy() {
        try {
            stop(true);
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // the JVM is exiting; the temp dir goes either way
        }
        try (Stream<Path> all = Files.walk(home)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root) cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("ctl.out").toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            String out = Files.readString(home.resolve("ctl.out"));
            String log = Files.exists(home.resolve("log")) ? Files.readString(home.resolve("log")) : "";
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out + "\n" + log);
        }
    }

    private static void chown(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package dev.dispatch.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

/**
 * A second JVM for the store's process tests. Modes:
 * <ul>
 *   <li>{@code write DIR THREADS [REWRITE_AT_BYTES]}: writes ids from several threads forever, printing
 *       {@code ack ID .} after each {@code write} returned (the test kills it with SIGKILL); with
 *       REWRITE_AT_BYTES the store rewrites its file whenever it reaches that size;
 *   <li>{@code hold DIR ROLE [SOCKET]}: opens the store, prints {@code ready}, writes a row
 *       {@code held-by-PID} and closes when a line arrives on stdin;
 *   <li>{@code once DIR NAME WAIT_MS}: opens as a one-shot, writes {@code NAME}, closes.
 * </ul>
 */
public final class StoreProcessMain {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS acked(id VARCHAR(100) PRIMARY KEY)";

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> write(dir, Integer.parseInt(args[2]), args.length > 3 ? Long.parseLong(args[3]) : 0, out);
            case "hold" ->
                hold(dir, StoreOptions.Role.valueOf(args[2]), args.length > 3 ? Path.of(args[3]) : null, out);
            case "once" -> {
                try (Store s =
                        Store.open(dir, StoreOptions.oneShot().withWait(Duration.ofMillis(Long.parseLong(args[3]))))) {
                    insert(s, args[2]);
                }
                out.println("done");
                out.flush();
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static void createTable(Store s) {
        s.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(TABLE);
            }
            return null;
        });
    }

    static void insert(Store s, String id) {
        s.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO acked(id) VALUES (?)")) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
    }

    private static void write(Path dir, int threads, long rewriteAt, PrintStream out) throws InterruptedException {
        StoreOptions owner = StoreOptions.owner("test-writer", null);
        Store s = rewriteAt > 0 ? Store.open(dir, owner, rewriteAt, rewriteAt / 4) : Store.open(dir, owner);
        if (rewriteAt > 0) Thread.ofPlatform().daemon().start(() -> reportRewrites(s, out));
        createTable(s);
        String run = Long.toString(ProcessHandle.current().pid());
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            ts[t] = Thread.ofPlatform().start(() -> {
                for (long n = 0; ; n++) {
                    String id = run + "-" + me + "-" + n;
                    insert(s, id);
                    synchronized (out) {
                        out.println("ack " + id + " .");
                        out.flush();
                    }
                }
            });
        }
        for (Thread t : ts) t.join();
    }

    /** Prints {@code rewrites N} whenever the count of completed file rewrites changes, so a test can see them. */
    private static void reportRewrites(Store s, PrintStream out) {
        long seen = 0;
        while (true) {
            long n = s.rewriteStats().count();
            if (n != seen) {
                seen = n;
                synchronized (out) {
                    out.println("rewrites " + n);
                    out.flush();
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void hold(Path dir, StoreOptions.Role role, Path socket, PrintStream out) throws Exception {
        StoreOptions o =
                role == StoreOptions.Role.OWNER ? StoreOptions.owner("daemon", socket) : StoreOptions.oneShot();
        try (Store s = Store.open(dir, o)) {
            createTable(s);
            out.println("ready");
            out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            insert(s, "held-by-" + ProcessHandle.current().pid());
        }
        out.println("released");
        out.flush();
    }

    private StoreProcessMain() {}
}

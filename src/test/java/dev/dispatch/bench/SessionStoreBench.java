package dev.dispatch.bench;

import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.session.SessionBulk;
import dev.dispatch.store.Store;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue 23's session-store figures: a synthetic store of SESSIONS sessions × MESSAGES messages (30
 * words each from a 20,000-word vocabulary with a Zipf-like skew), then {@code sessions list} and
 * {@code sessions search} through a real daemon (ops over its Unix socket), p50/p95 after a warm-up,
 * the store's size per million messages, and the resume of a 5,000-message session (the transcript a face
 * paints first). {@code SESSION_STORE_HOME} keeps the store, and a later run reuses it. Queries are two words of middling frequency (what a
 * person searches for) and, separately, one very common word (the worst case for the index).
 *
 * <p>Usage: SessionStoreBench [sessions] [messagesPerSession] [queries]
 */
public final class SessionStoreBench {
    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perSession = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Random rnd = new Random(23);
        String[] vocab = new String[20_000];
        for (int i = 0; i < vocab.length; i++) vocab[i] = "w" + Integer.toString(i * 7919 % 1_000_003, 36);
        // SESSION_STORE_HOME keeps the store for another run (before/after a change on one store); a home
        // that already holds one is reused as it is, unbuilt
        String kept = System.getenv("SESSION_STORE_HOME");
        Path home = kept == null || kept.isBlank()
                ? Files.createTempDirectory(Path.of("/tmp"), "sb-")
                : Files.createDirectories(Path.of(kept));
        boolean reuse = Files.exists(home.resolve("built"));
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        // 1) the synthetic store, one transaction per session, and one long session to resume
        long t0 = System.nanoTime();
        if (!reuse)
            try (Store store = Store.open(dirs.data())) {
                Instant start = Instant.parse("2026-01-01T00:00:00Z");
                for (int s = 0; s < sessions; s++) {
                    List<String> texts = new ArrayList<>(perSession);
                    for (int m = 0; m < perSession; m++) texts.add(text(rnd, vocab, 30));
                    SessionBulk.write(
                            store,
                            "ses_b" + s,
                            "proj" + (s % 10),
                            "/w/proj" + (s % 10),
                            "session " + s,
                            start.plusSeconds(600L * s),
                            texts);
                    if ((s + 1) % 500 == 0) System.err.printf("  %,d sessions written%n", s + 1);
                }
                List<String> longOne = new ArrayList<>(LONG_SESSION);
                for (int m = 0; m < LONG_SESSION; m++) longOne.add(text(rnd, vocab, 30));
                SessionBulk.write(
                        store, "ses_long", "proj1", "/w/proj1", "a long session", start.minusSeconds(86_400), longOne);
            }
        if (!reuse && kept != null && !kept.isBlank()) Files.writeString(home.resolve("built"), "");
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long bytes;
        try (var files = Files.walk(dirs.data())) {
            bytes = files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
        long messages = (long) sessions * perSession + LONG_SESSION;
        // 2) list and search over the daemon
        Daemon daemon = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "bench",
                new DaemonLog(new StringWriter()));
        try (Engine engine =
                Daemons.find(dirs, Map.of("DISPATCH_HOME", home.toString())).orElseThrow()) {
            var listAll = new SessionBrowseOps.ListSessions("proj1", null, true, null, null, 50);
            var listSpace = new SessionBrowseOps.ListSessions("proj1", null, false, null, null, 50);
            for (int i = 0; i < 50; i++) {
                engine.submit(listAll);
                engine.submit(listSpace);
            }
            long[] all = new long[queries];
            long[] space = new long[queries];
            for (int i = 0; i < queries; i++) {
                all[i] = time(() -> engine.submit(listAll));
                space[i] = time(() -> engine.submit(listSpace));
            }
            long[] mid = new long[queries];
            long[] common = new long[Math.max(10, queries / 10)];
            int hits = 0;
            for (int i = 0; i < 30; i++) engine.submit(search(vocab, rnd));
            for (int i = 0; i < queries; i++) {
                var op = search(vocab, rnd);
                long a = System.nanoTime();
                hits += engine.submit(op).hits().size();
                mid[i] = System.nanoTime() - a;
            }
            for (int i = 0; i < common.length; i++) {
                var op = new SessionBrowseOps.SearchSessions("proj1", vocab[i % 3], null, true, null, null, 20);
                common[i] = time(() -> engine.submit(op));
            }
            // resume to first paint: the face's one op before it paints the history (ResumeSession answers the
            // whole transcript); a warm-up, then timed
            var resume = new SessionBrowseOps.ResumeSession("proj1", "ses_long");
            for (int i = 0; i < 5; i++) engine.submit(resume);
            long[] resumes = new long[20];
            for (int i = 0; i < resumes.length; i++) resumes[i] = time(() -> engine.submit(resume));
            System.out.printf(
                    "store: %,d sessions, %,d messages, %s%n",
                    sessions, messages, reuse ? "reused from " + home : String.format("built in %.0f s", buildSeconds));
            System.out.printf(
                    "store size: %.1f MB, %.0f MB per million messages%n",
                    bytes / 1e6, bytes / 1e6 * 1_000_000 / messages);
            System.out.printf(
                    "sessions list --all (50 rows) over the daemon: p50 %.2f ms, p95 %.2f ms%n",
                    pct(all, 50), pct(all, 95));
            System.out.printf(
                    "sessions list (one space, 50 rows) over the daemon: p50 %.2f ms, p95 %.2f ms%n",
                    pct(space, 50), pct(space, 95));
            System.out.printf(
                    "sessions search (2 mid-frequency words, --all, 20 hits) over the daemon: p50 %.2f ms,"
                            + " p95 %.2f ms (%,d hits in %,d queries)%n",
                    pct(mid, 50), pct(mid, 95), hits, queries);
            System.out.printf(
                    "sessions search (one of the 3 commonest words) over the daemon: p50 %.2f ms, p95 %.2f ms%n",
                    pct(common, 50), pct(common, 95));
            System.out.printf(
                    "resume of a %,d-message session (its transcript over the daemon): p50 %.2f ms, p95 %.2f ms%n",
                    LONG_SESSION, pct(resumes, 50), pct(resumes, 95));
        } finally {
            daemon.stop();
            daemon.awaitStopped();
            if (kept == null || kept.isBlank())
                try (var files = Files.walk(home)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
        }
    }

    /** Messages of the session whose resume is timed (the 5,000). */
    static final int LONG_SESSION = 5_000;

    static SessionBrowseOps.SearchSessions search(String[] vocab, Random rnd) {
        String q = vocab[2000 + rnd.nextInt(8000)] + " " + vocab[2000 + rnd.nextInt(8000)];
        return new SessionBrowseOps.SearchSessions("proj1", q, null, true, null, null, 20);
    }

    static String text(Random rnd, String[] vocab, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            double u = rnd.nextDouble();
            int idx = (int) (vocab.length * u * u * u); // skewed: low indexes are common
            sb.append(i == 0 ? "" : " ").append(vocab[idx]);
        }
        return sb.toString();
    }

    static long time(Runnable r) {
        long a = System.nanoTime();
        r.run();
        return System.nanoTime() - a;
    }

    static double pct(long[] v, int p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }
}

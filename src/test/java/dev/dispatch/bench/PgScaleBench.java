package dev.dispatch.bench;

import dev.dispatch.bus.Bus;
import dev.dispatch.coord.Coord;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.PgServer;
import dev.dispatch.store.Store;
import dev.dispatch.store.StoreOptions;
import dev.dispatch.store.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 26: claim → complete cycles/s with 16 clients spread over 1, 2 and 3 daemons on one PostgreSQL
 * database and over 1 daemon on H2, in the same run; then cross-daemon event delivery (a task added
 * through daemon B until daemon A's bus has its journal event, via LISTEN/NOTIFY), p50/p99. Daemons are
 * in-process engines with their own store (writer thread, read pool, listener), as in ScaleOutTest.
 * Usage: PgScaleBench [tasks=20000] [clients=16] [deliveries=500]. Double completions are counted, not assumed.
 */
public final class PgScaleBench {
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int deliveries = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path dir = Files.createTempDirectory("pg-bench");
        PgServer server = PgServer.get();
        System.out.printf(
                "%d tasks, %d clients; PostgreSQL on 127.0.0.1:%d (fsync on, synchronous_commit on)%n",
                tasks, clients, server.port());
        roundTrips(dir.resolve("rt"), server, 200);
        run("H2, 1 daemon", dir.resolve("h2"), null, 1, tasks, clients);
        for (int daemons = 1; daemons <= 3; daemons++)
            run(
                    "PostgreSQL, " + daemons + " daemon(s)",
                    dir.resolve("pg" + daemons),
                    server.freshUrl(),
                    daemons,
                    tasks,
                    clients);
        delivery(dir.resolve("lat"), server.freshUrl(), deliveries);
        System.exit(0);
    }

    private static List<Store> open(Path dir, String url, int daemons) {
        List<Store> out = new ArrayList<>();
        for (int i = 0; i < daemons; i++) {
            Path d = dir.resolve("d" + i);
            out.add(
                    url == null
                            ? Store.open(d)
                            : Store.open(d, StoreOptions.oneShot().withDatabase(StoreUrl.parse(url))));
        }
        return out;
    }

    private static void run(String label, Path dir, String url, int daemons, int tasks, int clients) throws Exception {
        List<Store> stores = open(dir, url, daemons);
        try {
            List<Coord> coords = stores.stream()
                    .map(s -> new Coord(s, new Bus<Event>(), Coord.Settings.defaults()))
                    .toList();
            for (int i = 0; i < clients; i++) {
                coords.get(i % daemons)
                        .agents()
                        .register(new AgentOps.RegisterAgent("bench", "w" + i, List.of(), null, null, 10, 60));
            }
            Thread[] adders = new Thread[clients];
            for (int k = 0; k < clients; k++) {
                int from = k;
                adders[k] = Thread.ofPlatform().start(() -> {
                    for (int i = from; i < tasks; i += clients)
                        coords.get(i % daemons)
                                .tasks()
                                .add(new TaskOps.AddTask(
                                        "bench", "t" + i, null, null, 0, null, null, 60, 3, null, null));
                });
            }
            for (Thread t : adders) t.join();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger doubles = new AtomicInteger();
            long start = System.nanoTime();
            Thread[] workers = new Thread[clients];
            for (int w = 0; w < clients; w++) {
                Coord c = coords.get(w % daemons);
                String agent = "w" + w;
                workers[w] = Thread.ofPlatform().start(() -> {
                    while (true) {
                        TaskOps.ClaimResult got;
                        try {
                            got = c.claims().next(new TaskOps.ClaimNextTask("bench", agent, null));
                        } catch (EngineException e) {
                            return;
                        }
                        c.claims()
                                .complete(new TaskOps.CompleteTask(
                                        "bench", got.task().id(), got.lease(), null));
                        if (!seen.add(got.task().id())) doubles.incrementAndGet();
                    }
                });
            }
            for (Thread t : workers) t.join();
            double rate = seen.size() / ((System.nanoTime() - start) / 1e9);
            System.out.printf(
                    "%-28s claim->complete %6.0f/s (%d completed, %d twice)%n",
                    label, rate, seen.size(), doubles.get());
        } finally {
            for (Store s : stores) s.close();
        }
    }

    /**
     * What one claim → complete costs the database with one client (every batch holds one write): the
     * server logs every statement of a fresh database ({@code log_statement = all}); counted are the
     * statements over {@code cycles} cycles, the writer's by kind and the other connections' (journal
     * listener, reads) in total. Each statement is one network round trip except BEGIN (the driver sends it
     * with the first) and a batch's NOTIFY and first SAVEPOINT (sent with the advisory lock, store/Postgres).
     */
    private static void roundTrips(Path dir, PgServer server, int cycles) throws Exception {
        String url = server.freshUrl();
        String db = url.substring(url.lastIndexOf('/') + 1);
        String admin = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
        try (var c = java.sql.DriverManager.getConnection(admin, "dispatch", "");
                var st = c.createStatement()) {
            st.execute("ALTER DATABASE " + db + " SET log_statement = 'all'");
        }
        Store store = open(dir, url, 1).get(0);
        try {
            Coord coord = new Coord(store, new Bus<Event>(), Coord.Settings.defaults());
            coord.agents().register(new AgentOps.RegisterAgent("rt", "w", List.of(), null, null, 10, 60));
            for (int i = 0; i < cycles; i++)
                coord.tasks().add(new TaskOps.AddTask("rt", "t" + i, null, null, 0, null, null, 60, 3, null, null));
            Thread.sleep(1_500); // the listener's catch-up of the adds is not counted
            long from = Files.size(server.log());
            for (int i = 0; i < cycles; i++) {
                TaskOps.ClaimResult got = coord.claims().next(new TaskOps.ClaimNextTask("rt", "w", null));
                coord.claims()
                        .complete(new TaskOps.CompleteTask("rt", got.task().id(), got.lease(), null));
            }
            Thread.sleep(300);
            List<String> lines;
            try (var in = Files.newInputStream(server.log())) {
                in.skipNBytes(from);
                lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> l.contains(" statement: ") || l.contains(" execute "))
                        .toList();
            }
            var perPid = new java.util.TreeMap<String, Integer>();
            var kinds = new java.util.TreeMap<String, Integer>();
            for (String l : lines) {
                String pid = l.replaceFirst("^.*?\\[(\\d+)\\].*$", "$1");
                perPid.merge(pid, 1, Integer::sum);
            }
            String writer = perPid.entrySet().stream()
                    .max(java.util.Map.Entry.comparingByValue())
                    .get()
                    .getKey();
            for (String l : lines) {
                if (!l.contains("[" + writer + "]")) continue;
                String sql =
                        l.replaceFirst("^.*?(statement|execute [^:]*): ", "").trim();
                String kind = sql.split("\\s+")[0].toUpperCase(java.util.Locale.ROOT);
                if (sql.contains("pg_advisory_xact_lock")) kind = "SELECT pg_advisory_xact_lock";
                else if (kind.equals("SELECT")
                        || kind.equals("UPDATE")
                        || kind.equals("INSERT")
                        || kind.equals("DELETE"))
                    kind += " " + sql.replaceFirst("(?is)^.*?\\b(FROM|INTO|UPDATE)\\s+(\\w+).*$", "$2");
                kinds.merge(kind, 1, Integer::sum);
            }
            int mine = perPid.get(writer);
            System.out.printf(
                    "round trips per claim->complete (1 client, PostgreSQL): writer %.1f statements;"
                            + " other connections %.1f statements%n",
                    mine / (double) cycles, (lines.size() - mine) / (double) cycles);
            kinds.forEach((k, n) -> System.out.printf("  %-28s %.2f%n", k, n / (double) cycles));
        } finally {
            store.close();
        }
    }

    /** Time from daemon B's acknowledgement of an add to daemon A's bus publishing its journal event. */
    private static void delivery(Path dir, String url, int n) throws Exception {
        List<Store> stores = open(dir, url, 2);
        try {
            Bus<Event> busA = new Bus<>();
            new Coord(stores.get(0), busA, Coord.Settings.defaults());
            Coord b = new Coord(stores.get(1), new Bus<Event>(), Coord.Settings.defaults());
            ConcurrentHashMap<String, Long> arrived = new ConcurrentHashMap<>();
            busA.subscribe(e -> e instanceof JournalEvent j && "TaskAdded".equals(j.type()), e -> {
                String id = ((dev.dispatch.protocol.TaskOps.TaskAdded) ((JournalEvent) e).payload()).id();
                arrived.put(id, System.nanoTime());
            });
            long[] lat = new long[n];
            for (int i = 0; i < n; i++) {
                String id = b.tasks()
                        .add(new TaskOps.AddTask("lat", "l" + i, null, null, 0, null, null, 60, 3, null, null))
                        .task()
                        .id();
                long acked = System.nanoTime();
                long deadline = acked + 5_000_000_000L;
                while (!arrived.containsKey(id) && System.nanoTime() < deadline) Thread.onSpinWait();
                Long at = arrived.get(id);
                lat[i] = at == null ? Long.MAX_VALUE : Math.max(0, at - acked);
                Thread.sleep(5);
            }
            Arrays.sort(lat);
            System.out.printf(
                    "cross-daemon delivery (ack on B -> event on A's bus), %d adds: p50 %.2f ms, p99 %.2f ms,"
                            + " max %.2f ms%n",
                    n, lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6, lat[n - 1] / 1e6);
        } finally {
            for (Store s : stores) s.close();
        }
    }
}

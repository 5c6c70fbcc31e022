package dev.dispatch.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * The registry file the process serving the socket writes to the runtime directory ({@code daemon.json}):
 * enough for clients to find it and for a second owner to say who already owns the data directory.
 *
 * @param kind who serves: {@link #DAEMON}, or the interactive session that hosts the engine in-process
 *     ({@code workbench}, {@code chat}, {@code run}); absent in files written before sessions served
 */
public record DaemonInfo(
        long pid, String socket, int port, String version, String dataDir, Instant startedAt, String kind) {
    public static final String FILE = "daemon.json";
    /**
     * The runtime dir's start lock: held by whoever starts a daemon ({@code daemon start}, a one-shot's
     * auto-start) until it answers, and by an auto-started daemon from the moment it decides to leave until
     * its store is closed (docs/owner.md).
     */
    public static final String START_LOCK = "start.lock";

    public static final String DAEMON = "daemon";

    /** Whether a daemon (not an interactive session) serves the socket. */
    public boolean byDaemon() {
        return kind == null || DAEMON.equals(kind);
    }

    /** "daemon" or "dispatch run session", for messages. */
    public String describeKind() {
        return DaemonInfo.describeKind(kind);
    }

    /** "daemon" or "dispatch KIND session" ({@code workbench} is plain {@code dispatch}). */
    public static String describeKind(String kind) {
        if (kind == null || DAEMON.equals(kind)) return DAEMON;
        return ("workbench".equals(kind) ? "dispatch" : "dispatch " + kind) + " session";
    }

    /** The registry in {@code runtimeDir}, or null when there is none or it cannot be read. */
    public static DaemonInfo read(Path runtimeDir) {
        Path f = runtimeDir.resolve(FILE);
        try {
            if (!Files.isRegularFile(f)) return null;
            return parse(Files.readString(f));
        } catch (IOException | RuntimeException e) {
            return null; // a torn or foreign file is treated as absent; the pid check decides liveness
        }
    }

    /**
     * The registry in {@code json}, read with {@link PlainJson}: every one-shot command reads this file
     * first, and Jackson's mapper would cost it ~50 ms. Unknown fields are ignored (a newer writer).
     */
    static DaemonInfo parse(String json) {
        Map<?, ?> m = (Map<?, ?>) PlainJson.read(json);
        Object started = m.get("startedAt");
        return new DaemonInfo(
                ((Number) m.get("pid")).longValue(),
                (String) m.get("socket"),
                m.get("port") instanceof Number p ? p.intValue() : 0,
                (String) m.get("version"),
                (String) m.get("dataDir"),
                started == null ? null : instant((String) started),
                (String) m.get("kind"));
    }

    /**
     * An instant as Jackson writes one ({@code 2026-11-21T17:28:44.720Z}), read without
     * {@code java.time}'s dates and formatters, whose first use costs a one-shot command ~3 ms (a
     * {@code LocalDate} initializes {@code Year}, which builds a {@code DateTimeFormatter}); any other form,
     * or a date that does not exist, goes through {@link Instant#parse}.
     */
    static Instant instant(String s) {
        int n = s.length();
        boolean plain = n >= 20
                && n <= 30
                && s.charAt(4) == '-'
                && s.charAt(7) == '-'
                && s.charAt(10) == 'T'
                && s.charAt(13) == ':'
                && s.charAt(16) == ':'
                && s.charAt(n - 1) == 'Z'
                && (n == 20 || s.charAt(19) == '.');
        if (!plain) return Instant.parse(s);
        try {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            int hour = digits(s, 11, 13);
            int minute = digits(s, 14, 16);
            int second = digits(s, 17, 19);
            if (month < 1
                    || month > 12
                    || day < 1
                    || day > monthLength(year, month)
                    || hour > 23
                    || minute > 59
                    || second > 59) {
                return Instant.parse(s);
            }
            int nanos = 0;
            for (int i = 20; i < n - 1; i++) nanos = nanos * 10 + digits(s, i, i + 1);
            for (int i = n - 1; i < 29; i++) nanos *= 10; // scale the fraction to nanoseconds
            return Instant.ofEpochSecond(
                    epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second, n == 20 ? 0 : nanos);
        } catch (NumberFormatException e) {
            return Instant.parse(s);
        }
    }

    private static int monthLength(int year, int month) {
        if (month != 2) return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return leap ? 29 : 28;
    }

    /**
     * Days from 1970-01-01 to a proleptic Gregorian date (year 0–9999). Counts years from March, so that a
     * leap day is the last day of its year: 400-year eras of 146,097 days, then years of 365 days with a
     * leap day every fourth year but the hundredth, then months of 153 days per five (March to July).
     */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int monthFromMarch = (month + 9) % 12;
        int dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468; // 719,468: days from 0000-03-01 to 1970-01-01
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new NumberFormatException(s);
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Writes atomically (temp file + rename) so a reader never sees half a registry. */
    public void write(Path runtimeDir) throws IOException {
        Path tmp = runtimeDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, Json.mapper().writeValueAsString(this));
        Files.move(tmp, runtimeDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Whether the process this registry names is still alive; a zombie is not ({@link ProcessLiveness}:
     * {@code /proc/PID/stat} where there is one, since {@link ProcessHandle} starts a reaper thread pool
     * when first used, ~2 ms of a one-shot).
     */
    public boolean alive() {
        return ProcessLiveness.alive(pid);
    }
}

package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kill-and-corrupt test: a store file truncated at five sizes or with bytes flipped at five places is
 * refused at open with an error naming the file, never opened as an empty or rolled-back store, and its
 * bytes are the same afterwards. {@code store check} says what is wrong; {@code store recover} salvages.
 */
class StoreCorruptionTest {
    static final int ROWS = 3000;

    @TempDir
    Path tmp;

    /** The ten damages: five truncations, five flips. */
    enum Damage {
        TRUNCATE_0,
        TRUNCATE_1,
        TRUNCATE_4K,
        TRUNCATE_HALF,
        TRUNCATE_LAST_BLOCK,
        FLIP_HEADER,
        FLIP_FIRST_CHUNK,
        FLIP_MIDDLE,
        FLIP_LAST_CHUNK,
        FLIP_FOOTER;

        void apply(Path file) throws IOException {
            byte[] b = Files.readAllBytes(file);
            switch (this) {
                case TRUNCATE_0 -> b = Arrays.copyOf(b, 0);
                case TRUNCATE_1 -> b = Arrays.copyOf(b, 1);
                case TRUNCATE_4K -> b = Arrays.copyOf(b, 4096);
                case TRUNCATE_HALF -> b = Arrays.copyOf(b, b.length / 2);
                case TRUNCATE_LAST_BLOCK -> b = Arrays.copyOf(b, b.length - 4096);
                case FLIP_HEADER -> flip(b, 40);
                case FLIP_FIRST_CHUNK -> flip(b, 8192 + 300);
                case FLIP_MIDDLE -> flip(b, b.length / 2);
                case FLIP_LAST_CHUNK -> flip(b, b.length - 4096 - 300);
                case FLIP_FOOTER -> flip(b, b.length - 40);
            }
            Files.write(file, b);
        }

        private static void flip(byte[] b, int at) {
            for (int i = 0; i < 8; i++) b[at + i] ^= (byte) 0x5A;
        }
    }

    static Stream<Damage> damages() {
        return Stream.of(Damage.values());
    }

    /** A closed store with {@link #ROWS} rows written in many commits. */
    static Path wholeStore(Path dir) {
        return write(dir, Store.open(dir, StoreOptions.oneShot()));
    }

    /**
     * As {@link #wholeStore}, but never rewritten (not even at close), so the file keeps one chunk per
     * commit as a store does when its process dies: a clean close now compacts a store this small (every
     * migration's garbage included) into a single chunk, and one damaged chunk of one leaves nothing to salvage.
     */
    static Path chunkedStore(Path dir) {
        return write(dir, Store.open(dir, StoreOptions.oneShot(), Long.MAX_VALUE, Long.MAX_VALUE));
    }

    private static Path write(Path dir, Store opened) {
        try (Store s = opened) {
            for (int i = 0; i < ROWS; i += 100) {
                int from = i;
                s.write(c -> {
                    for (int k = from; k < from + 100; k++) {
                        Journal.append(
                                c,
                                "s",
                                "row",
                                null,
                                "{\"n\":" + k + ",\"pad\":\"" + "x".repeat(60) + "\"}",
                                Instant.now());
                    }
                    return null;
                });
            }
        }
        return H2File.file(dir);
    }

    @ParameterizedTest
    @MethodSource("damages")
    void aDamagedFileIsRefusedAtOpenAndLeftAsItWas(Damage damage) throws Exception {
        Path dir = tmp.resolve(damage.name());
        Path file = wholeStore(dir);
        damage.apply(file);
        String before = sha256(file);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> Store.open(dir, StoreOptions.oneShot()).close())
                    .isInstanceOf(StoreDamagedException.class)
                    .hasMessageContaining("store " + file + " is damaged (")
                    .hasMessageContaining("your data is untouched")
                    .hasMessageContaining("dispatch store recover");
            assertThatThrownBy(() ->
                            Store.open(dir, StoreOptions.owner("daemon", null)).close())
                    .isInstanceOf(StoreDamagedException.class);
        }
        assertThat(sha256(file)).as("the damaged file is never written").isEqualTo(before);
        assertThat(siblings(dir)).noneMatch(n -> n.contains(".damaged-"));

        StoreRecovery.CheckResult check = StoreRecovery.check(dir);
        assertThat(check.ok()).isFalse();
        assertThat(check.problem()).isNotBlank();
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aWholeStoreChecksOkAndReopensWithEveryRow() {
        Path dir = tmp.resolve("whole");
        wholeStore(dir);
        StoreRecovery.CheckResult check = StoreRecovery.check(dir);
        assertThat(check.ok()).as(String.valueOf(check.problem())).isTrue();
        assertThat(check.tables()).contains(new StoreRecovery.TableRows("JOURNAL", ROWS, 0));
        assertThat(check.schemaVersion()).isGreaterThan(0);
        assertThat(check.journalLastSeq()).isEqualTo(ROWS);
        try (Store s = Store.open(dir, StoreOptions.oneShot())) {
            assertThat(journalRows(s)).isEqualTo(ROWS);
        }
    }

    /**
     * The flip lands on a known place: the start of the chunk that holds the midpoint of the part of the
     * file the journal's commits wrote (its {@code chunk:} header; the schema's chunks come before it). H2 can no longer link that chunk, so its recovery tool falls back to an
     * older version of the store: what it can lose is whole commits, newest first, never part of one and
     * never a row from the middle. Where the file's midpoint falls varies with timing (H2 writes a chunk per
     * commit, and more under load), so the test asserts what a flip there can lose, not a fixed count.
     */
    @Test
    void recoverSalvagesTheFlippedMiddleKeepsTheDamagedFileAndTheNewStoreOpens() throws Exception {
        Path dir = tmp.resolve("recover");
        // the schema first (the migrations write chunks of their own), then the journal's commits: the flip
        // lands in the middle of the commits, not in the schema's part of the file
        Store.open(dir, StoreOptions.oneShot(), Long.MAX_VALUE, Long.MAX_VALUE).close();
        long schema = Files.size(H2File.file(dir));
        Path file = chunkedStore(dir);
        byte[] b = Files.readAllBytes(file);
        int chunk = chunkStartAtOrBefore(b, (int) (schema + (b.length - schema) / 2));
        assertThat(chunk)
                .as("a chunk starts before the midpoint, past H2's two header blocks")
                .isGreaterThan(8191);
        for (int i = 0; i < 8; i++) b[chunk + i] ^= (byte) 0x5A;
        Files.write(file, b);
        String before = sha256(file);

        StoreRecovery.RecoverResult r = StoreRecovery.recover(dir);

        assertThat(r.keptAs()).exists();
        assertThat(sha256(r.keptAs()))
                .as("the damaged file is moved aside unchanged")
                .isEqualTo(before);
        long salvaged = r.salvaged().stream()
                .filter(t -> t.table().equals("JOURNAL"))
                .mapToLong(StoreRecovery.TableRows::rows)
                .sum();
        assertThat(salvaged)
                .as(
                        "at least the first commit survives; never more rows than were written: %s %s",
                        r.readProblem(), r.salvaged())
                .isBetween(100L, (long) ROWS);
        assertThat(StoreRecovery.check(dir).ok()).isTrue();
        try (Store s = Store.open(dir, StoreOptions.oneShot())) {
            assertThat(journalRows(s)).isEqualTo(salvaged);
            assertThat(rowNumbers(s))
                    .as("a consistent older state: whole commits of 100 rows, oldest first, without holes")
                    .isEqualTo(java.util.stream.LongStream.range(0, salvaged)
                            .boxed()
                            .toList());
            // new events continue after the highest salvaged number, never reusing one
            long seq = s.write(c -> Journal.append(c, "s", "after", null, "{}", Instant.now()));
            assertThat(seq).isGreaterThan(s.read(c -> {
                try (var st = c.createStatement();
                        var rs = st.executeQuery("SELECT MAX(seq) FROM journal WHERE type = 'row'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }));
        }
    }

    /** The offset of the H2 chunk header ({@code chunk:} at a 4 KiB block start) at or before {@code at}. */
    private static int chunkStartAtOrBefore(byte[] b, int at) {
        for (int block = at / 4096 * 4096; block >= 8192; block -= 4096) {
            if (new String(b, block, 6, java.nio.charset.StandardCharsets.ISO_8859_1).equals("chunk:")) return block;
        }
        return -1;
    }

    /** The {@code n} of every journal row, in sequence order. */
    private static List<Long> rowNumbers(Store s) {
        return s.read(c -> {
            List<Long> out = new java.util.ArrayList<>();
            try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT data FROM journal WHERE type = 'row' ORDER BY seq")) {
                while (rs.next()) {
                    String data = rs.getString(1);
                    out.add(Long.parseLong(data.substring(data.indexOf(':') + 1, data.indexOf(','))));
                }
            }
            return out;
        });
    }

    @Test
    void recoverOfATruncatedToNothingFileGivesAnEmptyStoreAndKeepsTheFile() throws Exception {
        Path dir = tmp.resolve("empty");
        Path file = wholeStore(dir);
        Damage.TRUNCATE_0.apply(file);
        StoreRecovery.RecoverResult r = StoreRecovery.recover(dir);
        assertThat(r.keptAs()).exists().isEmptyFile();
        assertThat(r.readProblem()).isNotBlank();
        try (Store s = Store.open(dir, StoreOptions.oneShot())) {
            assertThat(journalRows(s)).isZero();
        }
    }

    @Test
    void aMissingFileThatDispatchHadWrittenIsRefusedNotStartedAfresh() throws Exception {
        Path dir = tmp.resolve("missing");
        Path file = wholeStore(dir);
        Files.delete(file);
        assertThatThrownBy(() -> Store.open(dir, StoreOptions.oneShot()).close())
                .isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining("missing");
        assertThat(file).doesNotExist();
    }

    static long journalRows(Store s) {
        return s.read(c -> {
            try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT COUNT(*) FROM journal")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private static List<String> siblings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}

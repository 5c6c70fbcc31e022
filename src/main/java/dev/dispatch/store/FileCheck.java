package dev.dispatch.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.mvstore.DataUtils;

/**
 * Decides, before H2 writes a byte, whether the store file is the one dispatch left: 1) size (an empty or
 * sub-header file is damaged, never a new store), 2) H2's two header blocks each pass their own checksum,
 * 3) the {@link StoreSeal}: no shorter than the last acknowledged commit, and the CRC of the bytes it
 * vouched for unchanged. Also sorts H2's failures into "damaged", "disk full" and anything else, so every
 * face says which it is.
 */
final class FileCheck {
    /** H2 error codes that mean the file's content is wrong. */
    private static final int FILE_CORRUPTED = 90030;

    private static final int FILE_VERSION_ERROR = 90048;
    private static final int IO_EXCEPTION_1 = 90028;
    private static final int IO_EXCEPTION_2 = 90031;
    private static final int GENERAL_ERROR = 50000;

    private FileCheck() {}

    /** What the check found: whether the file needs rewriting (an unacknowledged tail), and the CRC so far. */
    record Verdict(boolean exists, boolean sealed, boolean tail, long size, long crc) {}

    /**
     * Checks {@code file} (nobody has it open).
     *
     * @throws StoreDamagedException when the file is not what dispatch left
     */
    static Verdict check(Path file) {
        StoreSeal.State seal = StoreSeal.read(file);
        if (!Files.exists(file)) {
            if (seal != null && seal.highWater() > 0) {
                throw new StoreDamagedException(
                        file, "the file is missing, but dispatch had written " + seal.highWater() + " bytes to it");
            }
            return new Verdict(false, seal != null, false, 0, 0);
        }
        try {
            long size = Files.size(file);
            if (size == 0) throw new StoreDamagedException(file, "the file is empty (0 bytes)");
            if (size < StoreSeal.HEADER_BYTES) {
                throw new StoreDamagedException(
                        file, "the file is truncated to " + size + " bytes, shorter than H2's header");
            }
            headers(file);
            if (seal == null) return new Verdict(true, false, false, size, 0);
            if (size < seal.highWater()) {
                throw new StoreDamagedException(
                        file,
                        "the file is truncated: " + size + " bytes, but dispatch had written " + seal.highWater());
            }
            // the CRC of the whole file is computed once: it checks the sealed prefix on the way
            long crcNow = StoreSeal.crc(file, size);
            if (matches(file, size, seal.crcSize(), seal.crc(), crcNow)) {
                return new Verdict(true, true, size > seal.highWater(), size, crcNow);
            }
            if (seal.nextSize() > 0 && matches(file, size, seal.nextSize(), seal.nextCrc(), crcNow)) {
                return new Verdict(true, true, false, size, crcNow); // killed just after a rewrite's rename
            }
            throw new StoreDamagedException(
                    file,
                    "its bytes changed since dispatch wrote them (checksum mismatch in the" + " first " + seal.crcSize()
                            + " bytes)");
        } catch (IOException e) {
            throw failure("cannot read " + file, e, file.getParent());
        }
    }

    private static boolean matches(Path file, long size, long sealedSize, long sealedCrc, long crcNow)
            throws IOException {
        if (size < sealedSize) return false;
        long crc = sealedSize == size ? crcNow : StoreSeal.crc(file, sealedSize);
        return crc == sealedCrc;
    }

    /** Both 4 KiB header blocks must hold H2's header map with a valid Fletcher checksum, then only zeros. */
    private static void headers(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(StoreSeal.HEADER_BYTES);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read both blocks
            }
        }
        byte[] all = b.array();
        for (int copy = 0; copy < 2; copy++) {
            String why = header(all, copy * 4096);
            if (why != null) {
                throw new StoreDamagedException(file, "H2's file header (copy " + (copy + 1) + " of 2) " + why);
            }
        }
    }

    private static String header(byte[] all, int from) {
        int end = from;
        while (end < from + 4096 && all[end] != '\n') end++;
        if (end == from + 4096) return "has no end";
        String text = new String(all, from, end - from, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("H:2,")) return "does not start as an H2 store header";
        int at = text.lastIndexOf(",fletcher:");
        if (at < 0) return "has no checksum";
        int expected;
        try {
            expected = (int) Long.parseLong(text.substring(at + ",fletcher:".length()), 16);
        } catch (NumberFormatException e) {
            return "has an unreadable checksum";
        }
        if (DataUtils.getFletcher32(all, from, at) != expected) return "fails its checksum";
        for (int i = end + 1; i < from + 4096; i++) if (all[i] != 0) return "has stray bytes after its end";
        return null;
    }

    /**
     * Turns a failure H2 (or the file system) reported for the store in {@code dir} into what a user needs:
     * {@link DiskFullException}, {@link StoreDamagedException}, or a {@link StoreException} with the cause.
     */
    static StoreException failure(String what, Throwable e, Path dir) {
        if (diskFull(e)) return new DiskFullException(dir, e);
        return new StoreException(what + ": " + e.getMessage(), e);
    }

    /** Whether anything in {@code e}'s causes says the device is full (ENOSPC) or the quota is used up. */
    static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) continue;
            String low = m.toLowerCase(Locale.ROOT);
            if (low.contains("no space left on device") || low.contains("disk quota exceeded")) return true;
        }
        return false;
    }

    /** Whether {@code e} says the file's content is broken (as opposed to locked, missing or unreadable). */
    static boolean corrupted(Throwable e) {
        if (diskFull(e)) return false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                int code = s.getErrorCode();
                if (code == FILE_CORRUPTED || code == FILE_VERSION_ERROR) return true;
                if ((code == IO_EXCEPTION_1 || code == IO_EXCEPTION_2 || code == GENERAL_ERROR)
                        && mentionsCorruption(s)) {
                    return true;
                }
            }
            if (t instanceof IllegalStateException && mentionsCorruption(t)) return true;
        }
        return false;
    }

    private static boolean mentionsCorruption(Throwable t) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("corrupt")
                || m.contains("chunk")
                || m.contains("file header")
                || m.contains("reading failed")
                || m.contains("unexpected")
                || m.contains("page");
    }

    /** H2's own words for {@code e}, one line, without its error-code suffix. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) t = t.getCause();
        String m = String.valueOf(t.getMessage()).replace('\n', ' ');
        int code = m.lastIndexOf(" [");
        if (code > 0 && m.endsWith("]")) m = m.substring(0, code);
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}

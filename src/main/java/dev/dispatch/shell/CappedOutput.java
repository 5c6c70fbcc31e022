package dev.dispatch.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and last halves of a stream up to a byte cap and counts what fell in between.
 * Both ends matter for commands: the head says what ran, the tail holds the error or the summary.
 */
final class CappedOutput {
    private final int headCap;
    private final byte[] tail;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long total;
    private int tailStart;
    private int tailLength;

    CappedOutput(int cap) {
        this.headCap = cap / 2;
        this.tail = new byte[cap - headCap];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        total += length;
        int toHead = Math.min(length, headCap - head.size());
        if (toHead > 0) head.write(bytes, offset, toHead);
        for (int i = offset + Math.max(toHead, 0); i < offset + length; i++) {
            tail[(tailStart + tailLength) % tail.length] = bytes[i];
            if (tailLength < tail.length) tailLength++;
            else tailStart = (tailStart + 1) % tail.length;
        }
    }

    synchronized long dropped() {
        return total - head.size() - tailLength;
    }

    /** The kept text, with {@code [... N bytes truncated ...]} where bytes were dropped. */
    synchronized String text() {
        byte[] last = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) last[i] = tail[(tailStart + i) % tail.length];
        String start = head.toString(StandardCharsets.UTF_8);
        String end = new String(last, StandardCharsets.UTF_8);
        long dropped = dropped();
        if (dropped == 0) return start + end;
        return start + "\n[... " + dropped + " bytes truncated ...]\n" + end;
    }
}

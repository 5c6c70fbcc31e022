package dev.dispatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * What the lock, msg, kb and approval commands share beyond {@link CoordCalls}: reading text arguments
 * (with {@code -} meaning stdin, decoded as strict UTF-8) and short renderings of times and durations.
 */
final class CoordArgs {
    /** Most bytes read from stdin; the engine's own, smaller, limits apply after this. */
    static final int MAX_STDIN_BYTES = 4 * 1024 * 1024;

    private CoordArgs() {}

    /**
     * A text argument: {@code -} (or absent, when stdin is allowed) reads stdin. The JVM turns bytes
     * of argv that are not valid UTF-8 into U+FFFD, so that character in an argument is refused.
     */
    static String text(String what, String arg) {
        if (arg == null || arg.equals("-")) return stdin(what);
        return arg(what, arg);
    }

    /** An argument taken as given, refused if the JVM had to replace bytes that were not UTF-8. */
    static String arg(String what, String arg) {
        if (arg.indexOf('\uFFFD') >= 0) {
            throw new CliException(
                    ExitCode.USAGE,
                    what + " contains bytes that are not valid UTF-8 (shown as U+FFFD);"
                            + " fix the encoding, or pass the text on stdin with '-'");
        }
        return arg;
    }

    static String stdin(String what) {
        try {
            InputStream in = System.in;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0; ) {
                buf.write(chunk, 0, n);
                if (buf.size() > MAX_STDIN_BYTES) {
                    throw new CliException(
                            ExitCode.USAGE, what + " on stdin is over " + MAX_STDIN_BYTES + " bytes; shorten it");
                }
            }
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CliException(
                    ExitCode.USAGE, what + " on stdin is not valid UTF-8; convert it (e.g. iconv -t UTF-8)");
        } catch (IOException e) {
            throw new CliException(ExitCode.ERROR, "cannot read " + what + " from stdin: " + e.getMessage());
        }
    }

    static String time(Instant at) {
        return at == null ? "-" : at.toString();
    }

    /** 1h02m, 3m05s, 12s, 850ms: short enough for a table column. */
    static String duration(Long millis) {
        if (millis == null) return "-";
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) return d.toHours() + "h" + String.format("%02dm", d.toMinutesPart());
        if (d.toMinutes() > 0) return d.toMinutes() + "m" + String.format("%02ds", d.toSecondsPart());
        if (d.toSeconds() > 0) return d.toSeconds() + "s";
        return millis + "ms";
    }

    /** The first line of {@code text} stripped (as {@link String#lines} ends a line: \n, \r), cut to {@code max}. */
    static String firstLine(String text, int max) {
        String stripped = text.strip();
        int end = 0;
        while (end < stripped.length() && stripped.charAt(end) != '\n' && stripped.charAt(end) != '\r') end++;
        String line = stripped.substring(0, end);
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}

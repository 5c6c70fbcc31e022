package dev.dispatch.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells text from binary the way git and grep do, by sniffing the start of a file: a NUL byte or
 * bytes that are not UTF-8 in the first 8 KiB mean binary. Tools refuse to show binary files to a
 * model (they waste context and can carry terminal escapes).
 */
public final class Content {
    /** How much of a file is sniffed. */
    public static final int SNIFF_BYTES = 8192;

    private Content() {}

    public static boolean isBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return isBinary(in.readNBytes(SNIFF_BYTES), Files.size(file));
        }
    }

    /**
     * @param head the first bytes of a file (at most {@link #SNIFF_BYTES} are looked at)
     * @param totalSize the whole file's size; if it goes on past the window, a multi-byte character
     *     split at the window's end is not an error
     */
    public static boolean isBinary(byte[] head, long totalSize) {
        int length = Math.min(head.length, SNIFF_BYTES);
        for (int i = 0; i < length; i++) {
            if (head[i] == 0) return true;
        }
        boolean more = totalSize > length;
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // with more to come, a character split at the window's end is left undecoded, not reported
        return decoder.decode(ByteBuffer.wrap(head, 0, length), CharBuffer.allocate(length), !more)
                .isError();
    }

    /** Decodes bytes known to be text; a later invalid byte (past the sniffed window) is an error. */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}

package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * The input rules shared by locks, messages, knowledge and approvals, checked before anything is
 * written so bad input changes nothing. Limits are documented in docs/cli-json-share.md.
 */
final class TextLimits {
    /** Largest message, topic or question body, in UTF-8 bytes. */
    static final int MAX_TEXT_BYTES = 64 * 1024;
    /** Largest name (agent, thread, option, pattern), in characters. */
    static final int MAX_NAME_CHARS = 200;

    private TextLimits() {}

    /** A multi-line body: non-blank, no NUL or other control characters but tab/newline/CR, bounded. */
    static String body(String what, String text) {
        if (text == null || text.isBlank()) throw EngineException.invalid(what + " is empty; give some text");
        checkChars(what, text, Lines.MULTI);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TEXT_BYTES) {
            throw new EngineException(
                    ErrorCode.TOO_LARGE,
                    what + " is " + bytes + " bytes; the limit is " + MAX_TEXT_BYTES + " bytes (64 KiB): shorten it");
        }
        return text;
    }

    /** A one-line name: non-blank, no control characters, at most {@link #MAX_NAME_CHARS}. */
    static String name(String what, String value) {
        if (value == null || value.isBlank()) throw EngineException.invalid(what + " is empty; give a name");
        if (value.length() > MAX_NAME_CHARS) {
            throw EngineException.invalid(
                    what + " is " + value.length() + " characters; the limit is " + MAX_NAME_CHARS);
        }
        checkChars(what, value, Lines.SINGLE);
        if (!value.equals(value.strip()))
            throw EngineException.invalid(what + " '" + value + "' has surrounding spaces; remove them");
        return value;
    }

    /** A ttl in seconds: positive and at most a day. */
    static long ttl(long seconds) {
        if (seconds <= 0)
            throw EngineException.invalid("ttl " + seconds + " must be a positive number of seconds, e.g. --ttl 300");
        if (seconds > 86_400)
            throw EngineException.invalid("ttl " + seconds + "s is over the limit of 86400 (one day); renew instead");
        return seconds;
    }

    private enum Lines {
        SINGLE,
        MULTI
    }

    private static void checkChars(String what, String s, Lines lines) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(ch)) {
                throw EngineException.invalid(
                        what + " is not valid Unicode (unpaired surrogate at offset " + i + "); send UTF-8 text");
            }
            if (ch == 0) throw EngineException.invalid(what + " contains a NUL byte at offset " + i + "; remove it");
            boolean allowedWhitespace = lines == Lines.MULTI && (ch == '\n' || ch == '\t' || ch == '\r');
            if (Character.isISOControl(ch) && !allowedWhitespace) {
                throw EngineException.invalid(what + " contains control character U+" + String.format("%04X", (int) ch)
                        + " at offset " + i + "; remove it");
            }
        }
    }
}

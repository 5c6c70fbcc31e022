package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validation of everything a caller sends to coord, before any SQL runs: bad input gets an error that
 * names the field, the value and the fix, and changes nothing. One rule per kind of field, whichever
 * service takes it: a <b>name</b> (agents, queues, capabilities, recipients), a <b>space</b>, an
 * <b>id</b> (tasks, leases, locks, messages, approvals, threads, options, patterns), a <b>line</b> of
 * text (titles, roles, queries), a <b>body</b> of text (messages, topics, questions, notes, results,
 * errors) and a <b>topic</b> name. Limits are documented in docs/cli-json.md and docs/cli-json-share.md.
 */
final class Inputs {
    /** Agent, queue and capability names: safe in shells, URLs and file names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}");

    /** Longest space or id, in characters. */
    static final int MAX_ID = 200;
    /** Longest task title or search query, in characters. */
    static final int MAX_TITLE = 1_000;
    /** Longest short line (role, branch, pr, phase, idempotency key), in characters. */
    static final int MAX_SHORT = 400;
    /** Largest body of text, in UTF-8 bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Longest topic name, in characters. */
    static final int MAX_TOPIC = 200;

    private Inputs() {}

    /** A space: one line of at most {@value #MAX_ID} characters, no surrounding spaces. */
    static String space(String space) {
        return id("space", space);
    }

    /** A name: 1-100 letters, digits or {@code . _ : @ -}, starting with a letter or digit. */
    static String name(String field, String value) {
        if (value == null || value.isEmpty()) throw EngineException.invalid(field + " is empty; give a name");
        if (!NAME.matcher(value).matches()) {
            throw EngineException.invalid(field + " '" + printable(shorten(value)) + "' is not a valid name: use"
                    + " 1-100 letters, digits or . _ : @ -, starting with a letter or digit");
        }
        return value;
    }

    static String optionalName(String field, String value) {
        return value == null ? null : name(field, value);
    }

    /** Names as a sorted set without repeats; none when null. */
    static List<String> names(String field, List<String> values) {
        if (values == null) return List.of();
        TreeSet<String> out = new TreeSet<>();
        for (String v : values) out.add(name(field, v));
        return new ArrayList<>(out);
    }

    /** An id someone was given (task, lease, lock, message, approval, thread, option, pattern). */
    static String id(String field, String value) {
        return line(field, value, MAX_ID);
    }

    static String optionalId(String field, String value) {
        return value == null ? null : id(field, value);
    }

    /** One line of text: non-blank, at most {@code max} characters, no control characters, no surrounding spaces. */
    static String line(String field, String value, int max) {
        if (value == null || value.isBlank()) throw EngineException.invalid(field + " is empty; give a value");
        if (value.length() > max) {
            throw EngineException.invalid(field + " is " + value.length() + " characters long; the limit is " + max);
        }
        checkChars(field, value, false);
        if (!value.equals(value.strip())) {
            throw EngineException.invalid(
                    field + " '" + printable(shorten(value)) + "' has surrounding spaces; remove them");
        }
        return value;
    }

    /** As {@link #line}, but null is "not given" and "" is "no value" (a sticky field cleared). */
    static String optionalLine(String field, String value, int max) {
        return value == null || value.isEmpty() ? value : line(field, value, max);
    }

    /** A body of text: non-blank, at most 64 KiB of UTF-8; tab, newline and CR are its only control characters. */
    static String body(String field, String value) {
        if (value == null || value.isBlank()) throw EngineException.invalid(field + " is empty; give some text");
        return bodyText(field, value);
    }

    /** As {@link #body}, but null is "not given" and "" is "no text" (a sticky field cleared). */
    static String optionalBody(String field, String value) {
        return value == null || value.isEmpty() ? value : bodyText(field, value);
    }

    private static String bodyText(String field, String value) {
        checkChars(field, value, true);
        // a char is at most 3 UTF-8 bytes (a surrogate pair 4 for 2): only long text needs counting
        if (value.length() * 3L > MAX_BODY_BYTES) {
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BODY_BYTES) {
                throw new EngineException(
                        ErrorCode.TOO_LARGE,
                        field + " is " + bytes + " bytes; the limit is " + MAX_BODY_BYTES
                                + " bytes (64 KiB): shorten it");
            }
        }
        return value;
    }

    /**
     * A knowledge topic: relative, slash-separated, each component made of letters, digits, {@code . _ -}.
     * Whitelisting (rather than blacklisting "..") keeps a name from ever escaping its folder if topics
     * are exported as files: no absolute paths, no {@code ..}, no backslashes, no control characters,
     * and no {@code %}, so that {@code ..%2F} is refused outright rather than decoded somewhere downstream.
     */
    static String topic(String topic) {
        if (topic == null || topic.isEmpty()) throw badTopic(topic, "is empty; give a name like 'design/locks'");
        if (topic.length() > MAX_TOPIC)
            throw badTopic(topic.substring(0, 40) + "…", "is longer than " + MAX_TOPIC + " characters");
        if (topic.startsWith("/"))
            throw badTopic(topic, "is an absolute path; topic names are relative, e.g. 'design/locks'");
        if (topic.indexOf('%') >= 0)
            throw badTopic(topic, "contains '%'; percent-encoding is not decoded, write the plain name");
        if (topic.indexOf('\\') >= 0) throw badTopic(topic, "contains a backslash; separate components with '/'");
        for (int i = 0; i < topic.length(); i++) {
            char ch = topic.charAt(i);
            if (Character.isISOControl(ch) || Character.isSurrogate(ch)) {
                throw badTopic(printable(topic), "contains a control or invalid character at offset " + i);
            }
        }
        for (String part : topic.split("/", -1)) {
            if (part.isEmpty()) throw badTopic(topic, "has an empty component ('//' or a trailing '/')");
            if (part.equals(".") || part.equals(".."))
                throw badTopic(topic, "has a '" + part + "' component; topic names cannot leave their folder");
            for (int i = 0; i < part.length(); i++) {
                char ch = part.charAt(i);
                boolean ok = (ch >= 'a' && ch <= 'z')
                        || (ch >= 'A' && ch <= 'Z')
                        || (ch >= '0' && ch <= '9')
                        || ch == '.'
                        || ch == '_'
                        || ch == '-';
                if (!ok) {
                    throw badTopic(
                            topic,
                            "contains '" + ch + "'; use letters, digits, '.', '_', '-' and '/' between components");
                }
            }
        }
        return topic;
    }

    /** A ttl in seconds: positive and at most a day. */
    static long ttl(long seconds) {
        if (seconds <= 0)
            throw EngineException.invalid("ttl " + seconds + " must be a positive number of seconds, e.g. --ttl 300");
        if (seconds > 86_400)
            throw EngineException.invalid("ttl " + seconds + "s is over the limit of 86400 (one day); renew instead");
        return seconds;
    }

    static int range(String field, Integer value, int dflt, int min, int max) {
        if (value == null) return dflt;
        if (value < min || value > max) {
            throw EngineException.invalid(field + " " + value + " is out of range; use " + min + ".." + max);
        }
        return value;
    }

    /** Parses an enum-like word against its allowed values (lower case on the wire). */
    static String oneOf(String field, String value, List<String> allowed) {
        if (value == null) return null;
        String v = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw EngineException.invalid(
                    field + " '" + printable(shorten(value)) + "' is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    static String shorten(String v) {
        return v.length() <= 60 ? v : v.substring(0, 57) + "...";
    }

    static String joinNames(List<String> names) {
        return String.join(",", names);
    }

    static List<String> splitNames(String joined) {
        if (joined == null || joined.isEmpty()) return List.of();
        return List.of(joined.split(","));
    }

    /**
     * The character rule every text field shares: valid Unicode (no unpaired surrogate, no U+FFFD left
     * by a lossy decode), no NUL, and no control character but tab/newline/CR in a body.
     */
    private static void checkChars(String field, String s, boolean body) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(ch)) {
                throw EngineException.invalid(
                        field + " is not valid Unicode (unpaired surrogate at offset " + i + "); send UTF-8 text");
            }
            if (ch == '\uFFFD') {
                throw EngineException.invalid(
                        field + " contains invalid UTF-8 (replacement character at offset " + i + "); send UTF-8 text");
            }
            if (ch == 0)
                throw EngineException.invalid(field + " contains a NUL byte (U+0000) at offset " + i + "; remove it");
            boolean whitespace = body && (ch == '\n' || ch == '\t' || ch == '\r');
            if (Character.isISOControl(ch) && !whitespace) {
                throw EngineException.invalid(field + " contains control character U+" + String.format("%04X", (int) ch)
                        + " at offset " + i + "; remove it");
            }
        }
    }

    private static EngineException badTopic(String topic, String why) {
        return EngineException.invalid("topic name '" + topic + "' " + why);
    }

    /** The value with control and invalid characters shown as escapes, safe to print in an error. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (Character.isISOControl(ch) || Character.isSurrogate(ch)) out.append(String.format("\\u%04X", (int) ch));
            else out.append(ch);
        }
        return out.toString();
    }
}

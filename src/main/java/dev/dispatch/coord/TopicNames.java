package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;

/**
 * Knowledge topic names: relative, slash-separated, each component made of letters, digits,
 * {@code . _ -}. Whitelisting (rather than blacklisting "..") is what keeps a name from ever
 * escaping its folder if topics are exported as files: no absolute paths, no {@code ..}, no
 * backslashes, no control characters, and no {@code %} so that {@code ..%2F} is refused outright
 * rather than decoded somewhere downstream.
 */
public final class TopicNames {
    public static final int MAX_CHARS = 200;

    private TopicNames() {}

    public static String validate(String topic) {
        if (topic == null || topic.isEmpty()) throw bad(topic, "is empty; give a name like 'design/locks'");
        if (topic.length() > MAX_CHARS)
            throw bad(topic.substring(0, 40) + "…", "is longer than " + MAX_CHARS + " characters");
        if (topic.startsWith("/"))
            throw bad(topic, "is an absolute path; topic names are relative, e.g. 'design/locks'");
        if (topic.indexOf('%') >= 0)
            throw bad(topic, "contains '%'; percent-encoding is not decoded, write the plain name");
        if (topic.indexOf('\\') >= 0) throw bad(topic, "contains a backslash; separate components with '/'");
        for (int i = 0; i < topic.length(); i++) {
            char ch = topic.charAt(i);
            if (Character.isISOControl(ch) || Character.isSurrogate(ch)) {
                throw bad(printable(topic), "contains a control or invalid character at offset " + i);
            }
        }
        for (String part : topic.split("/", -1)) {
            if (part.isEmpty()) throw bad(topic, "has an empty component ('//' or a trailing '/')");
            if (part.equals(".") || part.equals(".."))
                throw bad(topic, "has a '" + part + "' component; topic names cannot leave their folder");
            for (int i = 0; i < part.length(); i++) {
                char ch = part.charAt(i);
                boolean ok = (ch >= 'a' && ch <= 'z')
                        || (ch >= 'A' && ch <= 'Z')
                        || (ch >= '0' && ch <= '9')
                        || ch == '.'
                        || ch == '_'
                        || ch == '-';
                if (!ok)
                    throw bad(
                            topic,
                            "contains '" + ch + "'; use letters, digits, '.', '_', '-' and '/' between components");
            }
        }
        return topic;
    }

    private static EngineException bad(String topic, String why) {
        return EngineException.invalid("topic name '" + topic + "' " + why);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (Character.isISOControl(ch) || Character.isSurrogate(ch)) out.append(String.format("\\u%04X", (int) ch));
            else out.append(ch);
        }
        return out.toString();
    }
}

package dev.dispatch.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP route of the daemon's API: the op it carries, its method and path template
 * ({@code POST /v1/tasks/{id}/claim}), who may call it, and which op field names the acting agent.
 * Path parameters bind the op's record components of the same name; see {@link OpCodec}.
 *
 * @param actor the record component naming the agent the op acts as ({@code agent}, {@code from}),
 *     or null when the op acts as nobody in particular
 */
public record Route(Class<? extends Op<?>> op, String method, String template, Access access, String actor) {
    /** Who may call a route. */
    public enum Access {
        /** Only the operator token (the user's CLI/TUI). */
        OPERATOR,
        /** Any valid token; if the route names an actor field, an agent token may act only as itself. */
        AGENT
    }

    public Route {
        if (!template.startsWith("/")) throw new IllegalArgumentException("template must start with /: " + template);
    }

    /**
     * The parameter a template segment names ({@code {id}} → {@code id}), or null for a literal segment.
     * Plain string checks, no regex: a one-shot command expands one template and exits.
     */
    static String param(String segment) {
        int n = segment.length();
        return n > 2 && segment.charAt(0) == '{' && segment.charAt(n - 1) == '}' ? segment.substring(1, n - 1) : null;
    }

    /** The names of the path parameters, in order. */
    public List<String> pathParams() {
        List<String> names = new ArrayList<>();
        for (String segment : template.split("/", -1)) {
            String name = param(segment);
            if (name != null) names.add(name);
        }
        return names;
    }

    /** The template with each parameter replaced by its (percent-encoded) value. */
    public String expand(Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        for (String segment : template.substring(1).split("/", -1)) {
            String name = param(segment);
            out.append('/');
            if (name == null) {
                out.append(segment);
                continue;
            }
            String v = values.get(name);
            if (v == null || v.isEmpty())
                throw EngineException.invalid("missing " + name + " for " + method + " " + template);
            printable(name, v);
            out.append(PathCodec.encode(v));
        }
        return out.toString();
    }

    /** The parameter values if {@code path} (raw, percent-encoded) fits the template, else null. */
    public Map<String, String> match(String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) return null;
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            String name = param(want[i]);
            if (name != null) {
                if (got[i].isEmpty()) return null;
                params.put(name, printable(name, PathCodec.decode(got[i])));
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }

    /**
     * {@code value} when it holds no control character; else the invalid-argument error every face shows
     * (the client checks before sending, the daemon after decoding), naming the value and the rule.
     */
    String printable(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')
                throw EngineException.invalid(name + " '" + escaped(value) + "' holds the control character U+"
                        + String.format("%04X", (int) c) + " (" + method + " " + template
                        + "); values in a request path are printable text without"
                        + " control characters (newline, tab, NUL, DEL): remove it");
        }
        return value;
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        if (s.codePointCount(0, s.length()) > 60) b.append('…');
        return b.toString();
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}

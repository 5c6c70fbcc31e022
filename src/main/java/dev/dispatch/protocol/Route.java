package dev.dispatch.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    public Route {
        if (!template.startsWith("/")) throw new IllegalArgumentException("template must start with /: " + template);
    }

    /** The names of the path parameters, in order. */
    public List<String> pathParams() {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** The template with each parameter replaced by its (percent-encoded) value. */
    public String expand(Map<String, String> values) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null || v.isEmpty()) {
                throw EngineException.invalid("missing " + m.group(1) + " for " + method + " " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(PathCodec.encode(v)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The parameter values if {@code path} (raw, percent-encoded) fits the template, else null. */
    public Map<String, String> match(String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) return null;
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            Matcher m = PARAM.matcher(want[i]);
            if (m.matches()) {
                if (got[i].isEmpty()) return null;
                params.put(m.group(1), PathCodec.decode(got[i]));
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}

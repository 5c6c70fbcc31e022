package dev.dispatch.config;

import java.util.Map;

/**
 * {@code ${NAME}} expansion in user-config values (typically secrets: {@code secret: ${WORK_KEY}});
 * {@code $${} writes a literal {@code ${}. An unset variable is an error, never an empty string.
 */
final class EnvExpander {
    private EnvExpander() {}

    static boolean uses(String text) {
        return text.replace("$${", "").contains("${");
    }

    /** The expanded text; throws {@link IllegalArgumentException} naming the missing variable. */
    static String expand(String text, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) throw new IllegalArgumentException("unclosed '${' in '" + text + "'; write ${NAME}");
                String name = text.substring(i + 2, end);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("'${" + name + "}' is not a variable name; write ${NAME}");
                }
                String value = env.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("environment variable " + name
                            + " is not set (export it, or write $${" + name + "} for a literal)");
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }
}

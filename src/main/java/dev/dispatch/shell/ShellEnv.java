package dev.dispatch.shell;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a command gets: the caller's, minus anything that looks like a credential. Model
 * provider keys and Dispatch tokens must never reach a child process (a command can print or upload
 * its environment), so variables are dropped by name pattern and, for keys stored under unusual
 * names, by value. The configured keys' own variable names ({@code env: MY_LLM_KEY}) are dropped
 * whatever they are called. Sandboxed, the PID namespace also hides Dispatch's own environment
 * ({@code /proc/<ppid>/environ}); unsandboxed, the command analyser asks before such reads.
 */
public final class ShellEnv {
    private ShellEnv() {}

    /**
     * @param base the environment to start from (normally {@code System.getenv()})
     * @param secretValues values that must not appear in any variable (the configured keys)
     */
    public static Map<String, String> scrub(Map<String, String> base, Collection<String> secretValues) {
        return scrub(base, Set.of(), secretValues);
    }

    /**
     * @param secretNames variables that hold configured keys, dropped whatever their name looks like
     * @param secretValues values that must not appear in any variable
     */
    public static Map<String, String> scrub(
            Map<String, String> base, Collection<String> secretNames, Collection<String> secretValues) {
        Set<String> names = new HashSet<>();
        for (String n : secretNames) names.add(n.toUpperCase(Locale.ROOT));
        Map<String, String> kept = new TreeMap<>();
        base.forEach((name, value) -> {
            if (!secretName(name)
                    && !names.contains(name.toUpperCase(Locale.ROOT))
                    && !secretValue(value, secretValues)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** Whether a variable's name marks it as a credential. */
    public static boolean secretName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.endsWith("_API_KEY")
                || n.endsWith("_TOKEN")
                || n.endsWith("_KEY")
                || n.contains("SECRET")
                || n.contains("PASSWORD")
                || n.startsWith("ANTHROPIC_")
                || n.startsWith("OPENAI_")
                || (n.startsWith("DISPATCH_") && (n.contains("TOKEN") || n.contains("KEY")));
    }

    private static boolean secretValue(String value, Collection<String> secretValues) {
        for (String secret : secretValues) {
            if (secret != null && !secret.isEmpty() && value.contains(secret)) return true;
        }
        return false;
    }
}

package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.config.Dirs;
import dev.dispatch.provider.ProviderType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret values tool output is redacted of: the ones the shell keeps from its children
 * ({@link Sandboxes#settings}: every configured key's value, the agent token, the operator token)
 * plus the conventional provider key variables' values, which serve when no {@code keys:} entry
 * does. Read at each tool call, so a key added to the config is covered at once.
 */
final class ConfiguredSecrets {
    private ConfiguredSecrets() {}

    static List<String> of(Config config, Map<String, String> env, Dirs dirs) {
        Set<String> out =
                new LinkedHashSet<>(Sandboxes.settings(config, env, dirs).secretValues());
        for (ProviderType type : ProviderType.values()) {
            String value = env.get(type.defaultKeyEnv());
            if (value != null && !value.isBlank()) out.add(value.strip());
        }
        return List.copyOf(out);
    }
}

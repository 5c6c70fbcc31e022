package dev.dispatch.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code permissions:} section.
 *
 * @param autoAllow paths agents may use without asking, besides the project root
 * @param deny path globs and shell command patterns that are always refused (every layer's, as written)
 * @param network whether tools may reach the network
 * @param denyRules the same rules, each with the directory of the project file that declared it:
 *     a relative path glob is relative to that directory, never to where an agent happens to run
 */
public record PermissionsConfig(List<Path> autoAllow, List<String> deny, Network network, List<DenyRule> denyRules) {
    public enum Network {
        ALLOWED,
        DENIED
    }

    /**
     * One deny rule and where it was declared.
     *
     * @param dir the real directory of the {@code dispatch.yaml} that holds it; null for a user-level
     *     rule (the user config, {@code DISPATCH_*} env, a flag), whose relative globs match at any depth
     */
    public record DenyRule(String rule, Path dir) {}

    public PermissionsConfig {
        autoAllow = List.copyOf(autoAllow);
        deny = List.copyOf(deny);
        denyRules = List.copyOf(denyRules);
    }

    /** Rules declared by no project file (each user-level). */
    public PermissionsConfig(List<Path> autoAllow, List<String> deny, Network network) {
        this(
                autoAllow,
                deny,
                network,
                deny.stream().map(r -> new DenyRule(r, null)).toList());
    }
}

package dev.dispatch.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code permissions:} section.
 *
 * @param autoAllow paths agents may use without asking, besides the project root
 * @param deny path globs and shell command patterns that are always refused
 * @param network whether tools may reach the network
 */
public record PermissionsConfig(List<Path> autoAllow, List<String> deny, Network network) {
    public enum Network {
        ALLOWED,
        DENIED
    }
}

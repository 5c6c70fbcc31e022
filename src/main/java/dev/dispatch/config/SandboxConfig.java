package dev.dispatch.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code sandbox:} section: what shell commands see besides the project. The defaults are what
 * builds and tools need, without the files that usually hold credentials ({@code ~/.m2/settings.xml},
 * {@code ~/.gradle/gradle.properties}, {@code ~/.npmrc}, {@code ~/.cargo/credentials.toml}, {@code
 * ~/.ssh}); writable are only dependency caches, never executable distributions (wrappers,
 * toolchains), because whatever a command leaves there the user's own builds run later. User config
 * only: a repository must not widen what its commands see.
 *
 * @param read shown read-only
 * @param write shown writable
 */
public record SandboxConfig(List<Path> read, List<Path> write) {
    static final List<String> DEFAULT_READ = List.of(
            "~/.gitconfig",
            "~/.config/git",
            "~/.m2/wrapper",
            "~/.rustup",
            "~/.cargo/bin",
            "~/.local/bin",
            "~/.gradle/wrapper");
    static final List<String> DEFAULT_WRITE =
            List.of("~/.m2/repository", "~/.gradle/caches", "~/.npm", "~/.cache", "~/.cargo/registry", "~/.cargo/git");

    public SandboxConfig {
        read = List.copyOf(read);
        write = List.copyOf(write);
    }

    /** The default lists, for {@code home}. */
    public static SandboxConfig defaults(Path home) {
        return of(DEFAULT_READ, DEFAULT_WRITE, home);
    }

    static SandboxConfig of(List<String> read, List<String> write, Path home) {
        return new SandboxConfig(expand(read, home), expand(write, home));
    }

    private static List<Path> expand(List<String> paths, Path home) {
        return paths.stream()
                .map(p -> p.equals("~") ? home : p.startsWith("~/") ? home.resolve(p.substring(2)) : Path.of(p))
                .map(p -> p.toAbsolutePath().normalize())
                .toList();
    }
}

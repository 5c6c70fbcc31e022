package dev.dispatch.cli;

import dev.dispatch.provider.ScriptedModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A throwaway DISPATCH_HOME for CLI tests that run agents: short (under /tmp: Unix socket paths are
 * limited), with a user config whose only model is the scripted server, its key given inline.
 */
final class ScriptedHome {
    private ScriptedHome() {}

    /** A new home named {@code prefix…} under /tmp. */
    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), prefix);
    }

    /** Writes the user config (mode 0600) with the model {@code fast} served by {@code server}. */
    static void configure(Path home, ScriptedModelServer server) throws IOException {
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: t, provider: scripted, secret: "%s" } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                default_model: fast
                """
                        .formatted(server.baseUrl(), ScriptedModelServer.CANARY_KEY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    /** Removes the home and everything in it. */
    static void delete(Path home) throws IOException {
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}

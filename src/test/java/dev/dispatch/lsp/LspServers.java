package dev.dispatch.lsp;

import dev.dispatch.Prerequisite;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real language servers the tests drive (installed by .ci/run: Debian clangd and python3-pylsp,
 * npm typescript-language-server into a cache dir): an environment whose PATH finds them, and a
 * check that skips with the reason when one is absent, unless DISPATCH_REQUIRE_LSP=1 makes it fail.
 */
public final class LspServers {
    /** Where .ci/run installs the npm servers. */
    public static final Path NPM_BIN =
            Path.of(System.getProperty("user.home"), ".cache", "dispatch-lsp-npm", "node_modules", ".bin");

    private LspServers() {}

    /** This process's environment with the npm cache's bin directory on PATH. */
    public static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("PATH", NPM_BIN + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    /** Skips (printing why) when {@code command} is not installed, or fails under DISPATCH_REQUIRE_LSP=1. */
    public static void require(String command, String install) {
        boolean present = Detection.executable(command, env()).isPresent();
        if (present) return;
        Prerequisite.missing("DISPATCH_REQUIRE_LSP", command + " is not installed (" + install + ")");
    }

    static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}

package dev.dispatch.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Dispatch keeps things (ARCHITECTURE.md §1). {@code DISPATCH_HOME} puts everything under one
 * directory (tests, portable installs); otherwise the XDG base directories apply.
 *
 * @param data the H2 store ({@code dispatch.mv.db}), mode 0700
 * @param config the user config ({@code config.yaml})
 * @param runtime the daemon socket and pid/registry file, mode 0700
 * @param state logs and the operator token
 */
public record Dirs(Path data, Path config, Path runtime, Path state) {

    public static Dirs fromEnvironment() {
        return resolve(System.getenv());
    }

    public static Dirs resolve(Map<String, String> env) {
        String home = env.get("DISPATCH_HOME");
        if (home != null && !home.isBlank()) {
            Path h = Path.of(home).toAbsolutePath().normalize();
            return new Dirs(h.resolve("data"), h.resolve("config"), h.resolve("run"), h.resolve("state"));
        }
        Path userHome = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path data = xdg(env, "XDG_DATA_HOME", userHome.resolve(".local/share"));
        Path config = xdg(env, "XDG_CONFIG_HOME", userHome.resolve(".config"));
        Path state = xdg(env, "XDG_STATE_HOME", userHome.resolve(".local/state"));
        String runtimeBase = env.get("XDG_RUNTIME_DIR");
        Path runtime = runtimeBase != null && !runtimeBase.isBlank()
                ? Path.of(runtimeBase).resolve("dispatch")
                : Path.of(System.getProperty("java.io.tmpdir"), "dispatch-" + env.getOrDefault("USER", "user"));
        return new Dirs(data.resolve("dispatch"), config.resolve("dispatch"), runtime, state.resolve("dispatch"));
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String v = env.get(name);
        return v != null && !v.isBlank() && Path.of(v).isAbsolute() ? Path.of(v) : fallback;
    }

    /** The same layout with the data directory replaced ({@code --data-dir}). */
    public Dirs withData(Path dataDir) {
        return new Dirs(dataDir.toAbsolutePath().normalize(), config, runtime, state);
    }

    public Path userConfigFile() {
        return config.resolve("config.yaml");
    }

    public Path storeFile() {
        return data.resolve("dispatch.mv.db");
    }

    public Path socket() {
        return runtime.resolve("dispatch.sock");
    }

    public Path operatorToken() {
        return state.resolve("operator.token");
    }
}

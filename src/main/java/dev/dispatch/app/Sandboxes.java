package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.config.Dirs;
import dev.dispatch.config.KeyConfig;
import dev.dispatch.config.SandboxConfig;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.shell.ShellSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether shell commands run confined here (for {@code dispatch doctor}, {@code run} and the TUI
 * header), and what the configuration tells the shell tool: the sandbox's read/write lists and the
 * secrets (every configured key's variable name and value, the agent token, the operator token)
 * that must never reach a child nor leave in its output. The bwrap probe runs once per {@code PATH}.
 */
public final class Sandboxes {
    private static final Map<String, Sandbox> DETECTED = new ConcurrentHashMap<>();

    private Sandboxes() {}

    /** The sandbox bwrap on {@code PATH} gives, probed once. */
    public static Sandbox detect(Map<String, String> env) {
        return DETECTED.computeIfAbsent(String.valueOf(env.get("PATH")), path -> Sandbox.detect(env.get("PATH")));
    }

    /** "sandboxed (bubblewrap /usr/bin/bwrap)" or "unsandboxed (why)". */
    public static String describe(Map<String, String> env) {
        return detect(env).status().toString();
    }

    /** What {@code config} (read now, so reloads apply) says about shell commands. */
    static ShellSettings settings(Config config, Map<String, String> env, Dirs dirs) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        SandboxConfig sandbox = config.sandbox(Path.of(home));
        Set<String> names = new LinkedHashSet<>();
        Set<String> values = new LinkedHashSet<>();
        for (KeyConfig k : config.keys()) {
            k.secret().envVar().ifPresent(names::add);
            k.secret().reveal(env).ifPresent(values::add);
        }
        names.add("DISPATCH_AGENT_TOKEN");
        String agentToken = env.get("DISPATCH_AGENT_TOKEN");
        if (agentToken != null && !agentToken.isBlank()) values.add(agentToken.strip());
        operatorToken(dirs).ifPresent(values::add);
        return new ShellSettings(sandbox.read(), sandbox.write(), names, values);
    }

    /** The token file as last read, with the modification time it had then. */
    private record TokenRead(java.nio.file.attribute.FileTime modified, java.util.Optional<String> value) {}

    private static final Map<Path, TokenRead> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The operator token's value. Asked at every tool call (a reload applies at once), so the file is
     * read again only when its modification time changed: one stat per call, not one read.
     */
    private static java.util.Optional<String> operatorToken(Dirs dirs) {
        Path token = dirs.operatorToken();
        try {
            if (!Files.isRegularFile(token) || Files.size(token) > 4096) return java.util.Optional.empty();
            java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(token);
            TokenRead known = TOKENS.get(token);
            if (known != null && known.modified().equals(modified)) return known.value();
            String t = Files.readString(token).strip();
            java.util.Optional<String> value = t.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(t);
            TOKENS.put(token, new TokenRead(modified, value));
            return value;
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}

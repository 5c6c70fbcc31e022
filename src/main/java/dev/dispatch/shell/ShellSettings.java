package dev.dispatch.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the configuration says about shell commands at the moment a command starts: the paths the
 * sandbox shows read-only ({@code sandbox.read}) and writable ({@code sandbox.write}), absolute and
 * with {@code ~/} already expanded; and the configured secrets, by variable name and by value, that
 * must never reach a child's environment nor leave in its output.
 */
public record ShellSettings(List<Path> read, List<Path> write, Set<String> secretNames, Set<String> secretValues) {
    public ShellSettings {
        read = List.copyOf(read);
        write = List.copyOf(write);
        secretNames = Set.copyOf(secretNames);
        secretValues = Set.copyOf(secretValues);
    }

    /** Nothing extra shown, no configured secrets (tests and tools built without a config). */
    public static ShellSettings none() {
        return new ShellSettings(List.of(), List.of(), Set.of(), Set.of());
    }

    public static ShellSettings secrets(Set<String> names, Set<String> values) {
        return new ShellSettings(List.of(), List.of(), names, values);
    }
}

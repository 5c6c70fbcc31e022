package dev.dispatch.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one layer (a file, the env, the flags) sets, already typed and located, before layers merge.
 * Scalars by dotted key; table entries by table name then id, their fields by key relative to the entry.
 */
final class LayerValues {
    /** A typed value and where it was written. */
    record Assigned(Object value, Origin origin) {}

    /** One entry of a table such as {@code models}: its id, fields and where the entry starts. */
    record TableEntry(String id, Map<String, Assigned> fields, Origin origin) {}

    final Map<String, Assigned> scalars = new LinkedHashMap<>();
    final Map<String, Map<String, TableEntry>> tables = new LinkedHashMap<>();
    final List<ConfigProblem> problems = new ArrayList<>();
    /**
     * The real directory of the project file this layer was read from (null for the user config, env
     * and flags): what its relative {@code permissions.deny} globs are relative to.
     */
    java.nio.file.Path dir;

    void problem(Origin where, String key, String message) {
        problems.add(new ConfigProblem(where, key, message));
    }
}

package dev.dispatch.config;

import dev.dispatch.config.LayerValues.Assigned;
import dev.dispatch.config.LayerValues.TableEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a located YAML tree against the {@link Settings} registry and turns it into typed
 * {@link LayerValues}: unknown keys (with the nearest known one), wrong types, out-of-range values,
 * secrets and provider/key sections in a project file, and {@code ${ENV}} expansion. Every problem is
 * collected, so one run reports them all.
 */
final class FileBinder {
    /** Key names that hold credentials; a repository file may never carry them. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(^|[_-])(api[_-]?key|apikey|secret|token|password|passwd|credentials?)$", Pattern.CASE_INSENSITIVE);

    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Origin.Kind layer;
    private final Map<String, String> env;
    private final PathRules paths;
    private final LayerValues out = new LayerValues();

    private FileBinder(Origin.Kind layer, Map<String, String> env, PathRules paths) {
        this.layer = layer;
        this.env = env;
        this.paths = paths;
    }

    static LayerValues bind(Node.Mapping root, Origin.Kind layer, Map<String, String> env, PathRules paths) {
        FileBinder b = new FileBinder(layer, env, paths);
        b.group("", Settings.ROOT, root, b.out.scalars, "");
        return b.out;
    }

    private boolean project() {
        return layer == Origin.Kind.PROJECT_FILE;
    }

    static boolean secretLike(String name) {
        return SECRET_NAME.matcher(name).find();
    }

    /** Binds {@code m} against {@code group}; values go to {@code sink} under {@code sinkPrefix}+name. */
    private void group(String keyPrefix, Field group, Node.Mapping m, Map<String, Assigned> sink, String sinkPrefix) {
        for (Node.Entry e : m.entries()) {
            String key = keyPrefix + e.key();
            if (project() && secretLike(e.key())) {
                out.problem(
                        e.keyAt(),
                        key,
                        "'" + key + "' looks like a secret, and a repository's dispatch.yaml must not"
                                + " hold secrets; move it to " + ConfigLoader.USER_FILE_IN_MESSAGES
                                + " or an environment variable");
                continue;
            }
            Field f = group.child(e.key()).orElse(null);
            if (f == null) {
                List<String> known = group.children().stream().map(Field::name).toList();
                String where =
                        keyPrefix.isEmpty() ? "" : " in '" + keyPrefix.substring(0, keyPrefix.length() - 1) + "'";
                out.problem(e.keyAt(), key, "unknown key '" + e.key() + "'" + where + Suggest.hint(e.key(), known));
                continue;
            }
            if (project() && f.scope() == Field.Scope.USER_ONLY) {
                out.problem(
                        e.keyAt(),
                        key,
                        "'" + key + "' is not allowed in a project's dispatch.yaml: a repository"
                                + (key.startsWith("lsp.")
                                        ? " must not choose programs Dispatch runs for you; define it in "
                                                + ConfigLoader.USER_FILE_IN_MESSAGES
                                        : " must not choose endpoints or keys, or it could send your key to another"
                                                + " host (CVE-2026-21852); define it in "
                                                + ConfigLoader.USER_FILE_IN_MESSAGES
                                                + " (the project may pick models by id)"));
                continue;
            }
            value(key, f, e.value(), sink, sinkPrefix + e.key());
        }
    }

    private void value(String key, Field f, Node node, Map<String, Assigned> sink, String sinkKey) {
        switch (f.type()) {
            case GROUP -> {
                if (node instanceof Node.Mapping m) group(key + ".", f, m, sink, sinkKey + ".");
                else wrongType(key, f, node);
            }
            case TABLE_LIST -> tableList(key, f, node);
            case TABLE_MAP -> tableMap(key, f, node);
            case STRING_LIST, PATH_LIST -> list(key, f, node, sink, sinkKey);
            default -> {
                if (!(node instanceof Node.Scalar s) || s.text() == null) {
                    wrongType(key, f, node);
                    return;
                }
                String text = expand(key, s);
                if (text == null) return;
                try {
                    Object v = f.type() == ValueType.FILE
                            ? paths.file(text).toString()
                            : f.type().parse(text);
                    f.problemWith(v)
                            .ifPresentOrElse(
                                    msg -> out.problem(s.at(), key, key + ": " + msg),
                                    () -> sink.put(sinkKey, new Assigned(v, s.at())));
                } catch (IllegalArgumentException ex) {
                    pathProblem(s.at(), key, ex);
                }
            }
        }
    }

    /** "key 'x' is outside the project (…)" for a confined path; "key: why" for any other problem. */
    private void pathProblem(Origin at, String key, IllegalArgumentException ex) {
        out.problem(at, key, key + (ex instanceof PathRules.Outside ? " " : ": ") + ex.getMessage());
    }

    private void list(String key, Field f, Node node, Map<String, Assigned> sink, String sinkKey) {
        if (!(node instanceof Node.Sequence q)) {
            wrongType(key, f, node);
            return;
        }
        List<String> items = new ArrayList<>();
        for (Node item : q.items()) {
            if (!(item instanceof Node.Scalar s) || s.text() == null) {
                out.problem(item.at(), key, key + ": expected a string in the list, got " + Node.describe(item));
                continue;
            }
            String text = expand(key, s);
            if (text == null) continue;
            String secret = project() ? McpServerConfig.projectSecret(key, text) : null;
            if (secret != null) {
                out.problem(s.at(), key, secret);
                continue;
            }
            if (f.type() == ValueType.PATH_LIST) {
                try {
                    text = (f.merge() == Field.Merge.NARROW ? paths.narrowing() : paths)
                            .resolve(text)
                            .toString();
                } catch (IllegalArgumentException ex) {
                    pathProblem(s.at(), key, ex);
                    continue;
                }
            }
            items.add(text);
        }
        sink.put(sinkKey, new Assigned(List.copyOf(items), q.at()));
    }

    private void tableList(String key, Field f, Node node) {
        if (!(node instanceof Node.Sequence q)) {
            wrongType(key, f, node);
            return;
        }
        Map<String, TableEntry> entries = out.tables.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (int i = 0; i < q.items().size(); i++) {
            Node item = q.items().get(i);
            String itemKey = key + "[" + i + "]";
            if (!(item instanceof Node.Mapping m)) {
                out.problem(item.at(), itemKey, itemKey + ": expected an entry (id: …, …), got " + Node.describe(item));
                continue;
            }
            Map<String, Assigned> fields = new LinkedHashMap<>();
            group(itemKey + ".", f, m, fields, "");
            Assigned id = fields.get("id");
            if (id == null) {
                out.problem(m.at(), itemKey, itemKey + ": missing 'id'; give each entry a unique id");
                continue;
            }
            addEntry(key, f, entries, String.valueOf(id.value()), fields, m);
        }
    }

    private void tableMap(String key, Field f, Node node) {
        if (!(node instanceof Node.Mapping m)) {
            wrongType(key, f, node);
            return;
        }
        Map<String, TableEntry> entries = out.tables.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (Node.Entry e : m.entries()) {
            String entryKey = key + "." + e.key();
            if (!(e.value() instanceof Node.Mapping em)) {
                out.problem(
                        e.value().at(),
                        entryKey,
                        entryKey + ": expected a mapping such as { type: … }, got " + Node.describe(e.value()));
                continue;
            }
            Map<String, Assigned> fields = new LinkedHashMap<>();
            group(entryKey + ".", f, em, fields, "");
            addEntry(key, f, entries, e.key(), fields, em);
        }
    }

    private void addEntry(
            String key,
            Field table,
            Map<String, TableEntry> entries,
            String id,
            Map<String, Assigned> fields,
            Node.Mapping written) {
        Origin at = written.at();
        if (!ENTRY_ID.matcher(id).matches()) {
            out.problem(at, key, key + ": '" + id + "' is not a valid id; use letters, digits, '-', '_' or '.'");
            return;
        }
        if (entries.containsKey(id)) {
            out.problem(at, key, key + ": duplicate id '" + id + "'; ids must be unique");
            return;
        }
        for (Field c : table.children()) {
            // Only truly absent fields: one written with a bad value already has its own problem.
            boolean present = written.entries().stream().anyMatch(e -> e.key().equals(c.name()));
            if (c.presence() == Field.Presence.REQUIRED && !present) {
                out.problem(at, key, key + " '" + id + "': missing '" + c.name() + "' (" + c.doc() + ")");
            }
        }
        entries.put(id, new TableEntry(id, fields, at));
    }

    private String expand(String key, Node.Scalar s) {
        if (!EnvExpander.uses(s.text())) return s.text().replace("$${", "${");
        if (project()) {
            out.problem(
                    s.at(),
                    key,
                    key + ": ${…} expansion is not allowed in a project's dispatch.yaml (a repository"
                            + " must not read your environment); set the value in "
                            + ConfigLoader.USER_FILE_IN_MESSAGES);
            return null;
        }
        try {
            return EnvExpander.expand(s.text(), env);
        } catch (IllegalArgumentException ex) {
            out.problem(s.at(), key, key + ": " + ex.getMessage());
            return null;
        }
    }

    private void wrongType(String key, Field f, Node node) {
        out.problem(node.at(), key, key + ": expected " + f.type().expected() + ", got " + Node.describe(node));
    }
}

package dev.dispatch.config;

import dev.dispatch.config.LayerValues.Assigned;
import dev.dispatch.config.LayerValues.TableEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cross-checks of model routing that only the merged picture can make: a model's {@code keys}
 * name defined keys of its provider, {@code fallback} names models, and each agent template asks for
 * a known model or a tag some model carries, with one prompt source. Problems point at the entry's
 * file:line.
 */
final class RoutingChecks {
    private final LayerMerge merged;
    private final List<KeyConfig> keys;
    private final Map<String, ModelConfig> models;
    private final List<ConfigProblem> problems;

    RoutingChecks(
            LayerMerge merged, List<KeyConfig> keys, Map<String, ModelConfig> models, List<ConfigProblem> problems) {
        this.merged = merged;
        this.keys = keys;
        this.models = models;
        this.problems = problems;
    }

    /** Keys a model names must exist and belong to its provider, or the model has no usable key. */
    void checkModelKeys() {
        for (TableEntry e : merged.tables.get("models").values()) {
            ModelConfig m = models.get(e.id());
            if (m == null || m.keys().isEmpty()) continue;
            Origin at = e.fields().get("keys").origin();
            int usable = 0;
            for (String k : m.keys()) {
                Optional<KeyConfig> key =
                        keys.stream().filter(x -> x.id().equals(k)).findFirst();
                if (key.isEmpty()) {
                    problems.add(new ConfigProblem(
                            at,
                            "models",
                            "models '" + m.id() + "': key '" + k + "' is not defined" + Suggest.hint(k, keyIds())
                                    + "; define it under keys: in " + ConfigLoader.USER_FILE_IN_MESSAGES));
                } else if (!key.get().provider().equals(m.provider())) {
                    problems.add(new ConfigProblem(
                            at,
                            "models",
                            "models '" + m.id() + "': key '" + k + "' is for provider '"
                                    + key.get().provider() + "', not '" + m.provider() + "'; list a key of "
                                    + m.provider()));
                } else {
                    usable++;
                }
            }
            if (usable == 0 && problems.stream().noneMatch(p -> p.where().equals(at))) {
                problems.add(new ConfigProblem(at, "models", "models '" + m.id() + "' has no usable key"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    List<String> fallback() {
        Assigned f = merged.scalars.get("fallback");
        List<String> ids = (List<String>) f.value();
        for (String id : ids) {
            if (!models.containsKey(id)) {
                problems.add(new ConfigProblem(
                        f.origin(),
                        "fallback",
                        "fallback: no model with id '" + id + "'" + Suggest.hint(id, models.keySet()) + "; known: "
                                + models.keySet()));
            }
        }
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    @SuppressWarnings("unchecked")
    Map<String, AgentConfig> agents() {
        Map<String, AgentConfig> out = new LinkedHashMap<>();
        Set<String> tags = new LinkedHashSet<>();
        models.values().forEach(m -> tags.addAll(m.tags()));
        for (TableEntry e : merged.tables.get("agents").values()) {
            String where = "agents '" + e.id() + "'";
            Optional<String> model = str(e, "model");
            Optional<String> tag = str(e, "tag");
            if (model.isPresent() && tag.isPresent()) {
                problems.add(new ConfigProblem(e.origin(), "agents", where + ": give model or tag, not both"));
            }
            model.filter(m -> !models.containsKey(m))
                    .ifPresent(m -> problems.add(new ConfigProblem(
                            e.fields().get("model").origin(),
                            "agents",
                            where + ": unknown model '" + m + "'" + Suggest.hint(m, models.keySet()) + "; known: "
                                    + models.keySet())));
            tag.filter(t -> !tags.contains(t))
                    .ifPresent(t -> problems.add(new ConfigProblem(
                            e.fields().get("tag").origin(),
                            "agents",
                            where + ": unknown tag '" + t + "': no model has it" + Suggest.hint(t, tags)
                                    + "; tags in use: " + tags)));
            Long turns = (Long) ConfigAssembly.get("agents", e, "max_turns").value();
            out.put(
                    e.id(),
                    new AgentConfig(
                            e.id(),
                            str(e, "description"),
                            prompt(e, where),
                            (List<String>)
                                    ConfigAssembly.get("agents", e, "tools").value(),
                            str(e, "permission_mode"),
                            model,
                            tag,
                            (List<String>)
                                    ConfigAssembly.get("agents", e, "skills").value(),
                            Optional.ofNullable(turns).map(Long::intValue),
                            (Boolean) ConfigAssembly.get("agents", e, "summon_subagents")
                                    .value(),
                            (Boolean) ConfigAssembly.get("agents", e, "approve_children")
                                    .value()));
        }
        return out;
    }

    private Optional<String> prompt(TableEntry e, String where) {
        Optional<String> inline = str(e, "system_prompt");
        Assigned file = e.fields().get("prompt_file");
        if (file == null) return inline;
        if (inline.isPresent()) {
            problems.add(new ConfigProblem(
                    file.origin(), "agents", where + ": give system_prompt or prompt_file, not both"));
            return inline;
        }
        // The binder resolved and checked the path (ValueType.FILE): read that real path, bounded.
        Path p = Path.of((String) file.value());
        try {
            return Optional.of(ConfigFiles.read(p, ConfigFiles.PROMPT_LIMIT));
        } catch (IOException ex) {
            String why =
                    ex instanceof ConfigFiles.Refused ? ex.getMessage() : "cannot be read (" + ex.getMessage() + ")";
            problems.add(new ConfigProblem(file.origin(), "agents", where + ": prompt_file " + p + " " + why));
            return Optional.empty();
        }
    }

    private Set<String> keyIds() {
        Set<String> out = new LinkedHashSet<>();
        keys.forEach(k -> out.add(k.id()));
        return out;
    }

    private static Optional<String> str(TableEntry e, String field) {
        return Optional.ofNullable(
                (String) ConfigAssembly.get("agents", e, field).value());
    }
}

package dev.dispatch.config;

import dev.dispatch.config.LayerValues.Assigned;
import dev.dispatch.config.LayerValues.TableEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Folds layers in precedence order (defaults < user < project < env < flags). Scalars follow their
 * field's {@link Field.Merge} rule; table entries merge by id, a later entry replacing an earlier one
 * whole. The project layer may only narrow NARROW fields; trying to widen one is a problem, not a
 * silent widening.
 */
final class LayerMerge {
    final Map<String, Assigned> scalars = new LinkedHashMap<>();
    final Map<String, Map<String, TableEntry>> tables = new LinkedHashMap<>();
    final List<ConfigProblem> problems = new ArrayList<>();
    /**
     * Each {@code permissions.deny} rule with the directory of the project file that declared it (null:
     * a user-level layer), in written order; the same text from two layers is kept twice.
     */
    final List<PermissionsConfig.DenyRule> denyRules = new ArrayList<>();

    LayerMerge() {
        Settings.scalars().forEach((key, f) -> scalars.put(key, new Assigned(f.defaultValue(), Origin.DEFAULT)));
        for (String t : Settings.tableNames()) tables.put(t, new LinkedHashMap<>());
    }

    void add(LayerValues layer) {
        problems.addAll(layer.problems);
        layer.scalars.forEach((key, v) -> scalar(key, Settings.scalars().get(key), v));
        if (layer.scalars.get(DENY) != null) {
            for (Object rule : (List<?>) layer.scalars.get(DENY).value()) {
                var declared = new PermissionsConfig.DenyRule((String) rule, layer.dir);
                if (!denyRules.contains(declared)) denyRules.add(declared);
            }
        }
        layer.tables.forEach((name, entries) -> tables.get(name).putAll(entries));
    }

    private static final String DENY = "permissions.deny";

    @SuppressWarnings("unchecked")
    private void scalar(String key, Field f, Assigned next) {
        Assigned prev = scalars.get(key);
        boolean project = next.origin().kind() == Origin.Kind.PROJECT_FILE;
        switch (f.merge()) {
            case REPLACE -> scalars.put(key, next);
            case UNION -> {
                LinkedHashSet<String> all = new LinkedHashSet<>((List<String>) prev.value());
                all.addAll((List<String>) next.value());
                scalars.put(key, new Assigned(List.copyOf(all), next.origin()));
            }
            case NARROW -> {
                if (project && !narrows(key, prev.value(), next)) return;
                scalars.put(key, next);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private boolean narrows(String key, Object before, Assigned next) {
        if (next.value() instanceof Boolean on) {
            if (on && Boolean.FALSE.equals(before)) {
                problems.add(new ConfigProblem(
                        next.origin(),
                        key,
                        key + ": a project may only turn this off;" + " it is off in your user config or env"));
                return false;
            }
            return true;
        }
        if (next.value() instanceof Number wanted && before instanceof Number limit) {
            if (wanted.doubleValue() > limit.doubleValue()) {
                problems.add(new ConfigProblem(
                        next.origin(),
                        key,
                        key + ": " + wanted + " is above " + limit + "; a project may only lower it (raise it in "
                                + ConfigLoader.USER_FILE_IN_MESSAGES + ")"));
                return false;
            }
            return true;
        }
        List<String> allowed = (List<String>) before;
        boolean ok = true;
        for (String p : (List<String>) next.value()) {
            Path path = Path.of(p);
            if (allowed.stream().map(Path::of).noneMatch(path::startsWith)) {
                problems.add(new ConfigProblem(
                        next.origin(),
                        key,
                        key + ": '" + p + "' is not inside the user's list " + allowed
                                + "; a project may only narrow it (add the path to "
                                + ConfigLoader.USER_FILE_IN_MESSAGES + ")"));
                ok = false;
            }
        }
        return ok;
    }
}

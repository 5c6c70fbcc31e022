package dev.dispatch.config;

import dev.dispatch.config.LayerValues.Assigned;
import java.util.List;
import java.util.Map;

/**
 * The two text-only layers: {@code DISPATCH_*} environment variables (one per scalar setting, named by
 * {@link Settings#envVar}) and command-line flags. Unknown {@code DISPATCH_*} variables are ignored,
 * since other parts of Dispatch read their own (DISPATCH_HOME); unknown flag keys are errors.
 */
final class EnvLayer {
    private EnvLayer() {}

    static LayerValues read(Map<String, String> env, PathRules paths) {
        LayerValues out = new LayerValues();
        Settings.scalars().forEach((key, f) -> {
            String var = Settings.envVar(key);
            String text = env.get(var);
            if (text != null) put(out, key, f, text, Origin.env(var), paths);
        });
        return out;
    }

    static LayerValues flags(List<FlagValue> flags, PathRules paths) {
        LayerValues out = new LayerValues();
        for (FlagValue fv : flags) {
            Field f = Settings.scalars().get(fv.key());
            Origin at = Origin.flag(fv.flag());
            if (f == null) {
                String table = Settings.tableNames().stream()
                        .filter(t -> fv.key().startsWith(t + "."))
                        .findFirst()
                        .orElse(null);
                String why = table != null
                        ? "'" + table + "' entries can only be set in a config file"
                        : "unknown key '" + fv.key() + "'"
                                + Suggest.hint(fv.key(), Settings.scalars().keySet());
                out.problem(at, fv.key(), why);
                continue;
            }
            put(out, fv.key(), f, fv.value(), at, paths);
        }
        return out;
    }

    private static void put(LayerValues out, String key, Field f, String text, Origin at, PathRules paths) {
        try {
            Object v = f.type().parse(text);
            if (f.type() == ValueType.PATH_LIST) {
                v = ((List<?>) v)
                        .stream().map(p -> paths.resolve((String) p).toString()).toList();
            }
            Object value = v;
            f.problemWith(value)
                    .ifPresentOrElse(
                            msg -> out.problem(at, key, key + ": " + msg),
                            () -> out.scalars.put(key, new Assigned(value, at)));
        } catch (IllegalArgumentException e) {
            out.problem(at, key, key + ": " + e.getMessage());
        }
    }
}

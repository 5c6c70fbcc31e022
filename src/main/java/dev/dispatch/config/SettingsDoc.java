package dev.dispatch.config;

import java.util.List;

/**
 * Renders the settings registry as Markdown ({@code docs/configuration.md}), so the docs cannot drift
 * from what validation and {@code config show} accept; a test fails when the committed file is stale.
 */
public final class SettingsDoc {
    private SettingsDoc() {}

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration\n\n")
                .append("Generated from `dev.dispatch.config.Settings` by `SettingsDocTest`; do not edit by hand.\n\n")
                .append("Layers, later wins: built-in defaults < user `~/.config/dispatch/config.yaml` < project\n")
                .append("`dispatch.yaml` (the nearest one from the current directory up to the git root) <\n")
                .append("`DISPATCH_*` environment variables < flags (`--set KEY=VALUE`).\n\n")
                .append(
                        "- A setting `a.b_c` is read from the env var `DISPATCH_A_B_C`; lists from env are comma-separated.\n")
                .append(
                        "- `${NAME}` in a user-config value is replaced by the env var NAME (an unset one is an error);\n")
                .append("  `$${` writes a literal `${`. A project's `dispatch.yaml` may not use `${…}`.\n")
                .append(
                        "- A project's `dispatch.yaml` may not hold secrets (`api_key`, `secret`, `token`, `password`),\n")
                .append("  nor `providers` or `keys`: a repository must never choose where your key is sent\n")
                .append("  (CVE-2026-21852). It may add models and pick them by id.\n")
                .append("- `permissions.auto_allow` and `permissions.network` can only be narrowed by a project;\n")
                .append("  `permissions.deny` rules from all layers add up.\n")
                .append(
                        "- Paths a project's `dispatch.yaml` names (`prompt_file`, path lists) must resolve, by real path\n")
                .append("  with symlinks followed, inside the project and outside Dispatch's own directories; the\n")
                .append("  `dispatch.yaml` itself too. No layer may name `/proc`, `/sys` or `/dev`.\n")
                .append("- Config files and the files they name are read only if they are regular files (not a FIFO,\n")
                .append(
                        "  device or directory): config files up to 1 MiB with lines up to 64 KiB, a `prompt_file` up to\n")
                .append("  256 KiB.\n\n")
                .append("## Settings\n\n")
                .append("| key | type | default | env | description |\n|---|---|---|---|---|\n");
        Settings.scalars().forEach((key, f) -> sb.append("| `")
                .append(key)
                .append("` | ")
                .append(typeName(f))
                .append(" | ")
                .append(defaultText(f))
                .append(" | `")
                .append(Settings.envVar(key))
                .append("` | ")
                .append(f.doc())
                .append(" |\n"));
        for (String name : Settings.tableNames()) {
            Field table = Settings.table(name);
            sb.append("\n## `").append(name).append("`\n\n").append(table.doc());
            sb.append(table.type() == ValueType.TABLE_MAP ? " A mapping from name to entry." : " A list of entries.");
            if (table.scope() == Field.Scope.USER_ONLY) sb.append(" User config only.");
            sb.append("\n\n| field | type | default | description |\n|---|---|---|---|\n");
            fields(sb, "", table.children());
        }
        return sb.toString();
    }

    private static void fields(StringBuilder sb, String prefix, List<Field> fields) {
        for (Field f : fields) {
            if (f.type() == ValueType.GROUP) {
                fields(sb, prefix + f.name() + ".", f.children());
                continue;
            }
            sb.append("| `")
                    .append(prefix)
                    .append(f.name())
                    .append("` | ")
                    .append(typeName(f))
                    .append(" | ")
                    .append(f.presence() == Field.Presence.REQUIRED ? "required" : defaultText(f))
                    .append(" | ")
                    .append(f.doc())
                    .append(f.isSecret() ? " Secret: redacted in output." : "")
                    .append(" |\n");
        }
    }

    private static String typeName(Field f) {
        String base = f.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (!f.choices().isEmpty()) return base + ": " + String.join(" \\| ", new java.util.TreeSet<>(f.choices()));
        if (f.min() != null)
            return base + " "
                    + f.type()
                            .display(
                                    f.type() == ValueType.INTEGER
                                            ? (Object) f.min().longValue()
                                            : f.min()) + "–"
                    + f.type()
                            .display(
                                    f.type() == ValueType.INTEGER
                                            ? (Object) f.max().longValue()
                                            : f.max());
        return base;
    }

    private static String defaultText(Field f) {
        return f.defaultValue() == null ? "–" : "`" + f.type().display(f.defaultValue()) + "`";
    }
}

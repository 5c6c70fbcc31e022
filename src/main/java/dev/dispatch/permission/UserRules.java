package dev.dispatch.permission;

import dev.dispatch.config.ConfigProblem;
import dev.dispatch.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The permission rules written in a config file, read and edited as text so the user's comments,
 * order and other settings survive: "always" answers append a path to {@code permissions.auto_allow}
 * of the user config (created with mode 0600 if absent), {@code dispatch permission revoke} removes
 * a line, {@code dispatch permission list} shows each rule with the file and line it is on. Every
 * edit is re-validated with the config loader and undone if the file would no longer load.
 */
public final class UserRules {
    private static final Pattern SECTION = Pattern.compile("^permissions:\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^(\\s+)(auto_allow|deny):\\s*(.*?)\\s*(#.*)?$");
    private static final Pattern ITEM = Pattern.compile("^(\\s*)-\\s+(.*?)\\s*(#[^'\"]*)?$");

    /** One rule: which list, its value, and where it is written. */
    public record Rule(String kind, String value, Path file, int line) {
        public String origin() {
            return file + ":" + line;
        }
    }

    private final Path file;
    private final Function<Path, List<ConfigProblem>> validator;

    /** @param validator checks a config file on its own (ConfigLoader::validateFile) */
    public UserRules(Path file, Function<Path, List<ConfigProblem>> validator) {
        this.file = file;
        this.validator = validator;
    }

    public Path file() {
        return file;
    }

    /** The rules in any config file (absent file: none). */
    public static List<Rule> read(Path file) throws IOException {
        if (!Files.exists(file)) return List.of();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Rule> out = new ArrayList<>();
        for (Block b : blocks(lines)) {
            for (Item i : b.items) out.add(new Rule(b.key, i.value, file, i.line + 1));
        }
        return out;
    }

    /** Adds {@code path} to auto_allow (once); returns where it is written, as file:line. */
    public synchronized String addAutoAllow(Path path) throws IOException {
        String value = path.toString();
        for (Rule r : read(file)) {
            if (r.kind.equals("auto_allow") && r.value.equals(value)) return r.origin();
        }
        List<String> lines = Files.exists(file)
                ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                : new ArrayList<>();
        String item = quote(value);
        int section = find(lines, SECTION);
        if (section < 0) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) lines.add("");
            lines.addAll(List.of("permissions:", "  auto_allow:", "    - " + item));
        } else {
            Block block = blocks(lines).stream()
                    .filter(b -> b.key.equals("auto_allow"))
                    .findFirst()
                    .orElse(null);
            if (block == null) {
                lines.add(section + 1, "  auto_allow:");
                lines.add(section + 2, "    - " + item);
            } else if (block.flow) {
                List<String> values = new ArrayList<>(
                        block.items.stream().map(i -> quote(i.value)).toList());
                values.add(item);
                lines.set(block.keyLine, block.indent + "auto_allow: [" + String.join(", ", values) + "]");
            } else if (block.items.isEmpty()) {
                lines.add(block.keyLine + 1, block.indent + "  - " + item);
            } else {
                Item last = block.items.get(block.items.size() - 1);
                lines.add(last.line + 1, last.prefix + "- " + item);
            }
        }
        write(lines);
        return read(file).stream()
                .filter(r -> r.kind.equals("auto_allow") && r.value.equals(value))
                .map(Rule::origin)
                .findFirst()
                .orElse(file.toString());
    }

    /** Removes the rule whose value is {@code value} from this file; the removed rule. */
    public synchronized Rule revoke(String value) throws IOException {
        List<String> lines = Files.exists(file)
                ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                : new ArrayList<>();
        for (Block b : blocks(lines)) {
            for (Item i : b.items) {
                if (!i.value.equals(value)) continue;
                if (b.flow) {
                    String rest = b.items.stream()
                            .filter(x -> x != i)
                            .map(x -> quote(x.value))
                            .collect(Collectors.joining(", "));
                    lines.set(b.keyLine, b.indent + b.key + ": [" + rest + "]");
                } else {
                    lines.remove(i.line);
                    // an emptied block list would read as null: say it is empty
                    if (b.items.size() == 1) lines.set(b.keyLine, b.indent + b.key + ": []");
                }
                write(lines);
                return new Rule(b.key, value, file, i.line + 1);
            }
        }
        List<Rule> all = read(file);
        throw new IllegalArgumentException("no rule '" + value + "' in " + file + "; its rules are: "
                + (all.isEmpty() ? "none" : all.stream().map(Rule::value).collect(Collectors.joining(", ")))
                + " (see 'dispatch permission list')");
    }

    private void write(List<String> lines) throws IOException {
        byte[] before = Files.exists(file) ? Files.readAllBytes(file) : null;
        Files.createDirectories(file.getParent());
        if (before == null) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        AtomicFiles.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        List<ConfigProblem> problems = validator.apply(file);
        if (!problems.isEmpty()) {
            if (before == null) Files.deleteIfExists(file);
            else AtomicFiles.write(file, before);
            throw new IOException("the edit would break " + file + " (" + problems.get(0) + "); it was left unchanged");
        }
    }

    private record Item(String value, int line, String prefix) {}

    private record Block(String key, int keyLine, String indent, boolean flow, List<Item> items) {}

    private static List<Block> blocks(List<String> lines) {
        List<Block> out = new ArrayList<>();
        int section = find(lines, SECTION);
        if (section < 0) return out;
        for (int i = section + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) break;
            Matcher k = KEY.matcher(line);
            if (!k.matches()) continue;
            String indent = k.group(1);
            String inline = k.group(3);
            List<Item> items = new ArrayList<>();
            if (inline.startsWith("[")) {
                for (String v : splitFlow(inline)) items.add(new Item(v, i, indent));
                out.add(new Block(k.group(2), i, indent, true, items));
                continue;
            }
            int j = i + 1;
            for (; j < lines.size(); j++) {
                String l = lines.get(j);
                if (l.isBlank() || l.strip().startsWith("#")) continue;
                Matcher m = ITEM.matcher(l);
                if (!m.matches() || m.group(1).length() < indent.length()) break;
                items.add(new Item(unquote(m.group(2)), j, m.group(1)));
            }
            out.add(new Block(k.group(2), i, indent, false, items));
        }
        return out;
    }

    private static List<String> splitFlow(String flow) {
        String body = flow.substring(1, flow.lastIndexOf(']') < 0 ? flow.length() : flow.lastIndexOf(']'));
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : body.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == ',') {
                if (!cur.toString().isBlank()) out.add(unquote(cur.toString().strip()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) out.add(unquote(cur.toString().strip()));
        return out;
    }

    private static int find(List<String> lines, Pattern p) {
        for (int i = 0; i < lines.size(); i++) if (p.matcher(lines.get(i)).matches()) return i;
        return -1;
    }

    static String quote(String value) {
        if (value.matches("[A-Za-z0-9_./~+@-]+")) return value;
        return "'" + value.replace("'", "''") + "'";
    }

    static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'"))
            return v.substring(1, v.length() - 1).replace("''", "'");
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }
}

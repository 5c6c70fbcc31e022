package dev.dispatch.skill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the skills folders into a {@link SkillCatalog}: {@code ~/.skills} and {@code <project>/.skills},
 * each with {@code default/}, {@code agents/} and {@code project/}, plus {@code SKILL.md} skills under
 * {@code .claude/skills/} and {@code .agents/skills/} (home and project) so existing skills work. A file
 * that cannot be read or has bad frontmatter becomes a warning naming it; the rest still load.
 */
public final class Skills {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final long MAX_BYTES = 256 * 1024;

    private final List<Skill> skills = new ArrayList<>();
    private final List<SkillMapping> mappings = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private Skills() {}

    /**
     * @param home the user's home (global skills live in {@code home/.skills})
     * @param projectRoot the project (its skills live in {@code projectRoot/.skills}); null for none
     */
    public static SkillCatalog load(Path home, Path projectRoot) {
        Skills s = new Skills();
        s.scope(Skill.Scope.GLOBAL, home);
        if (projectRoot != null && !projectRoot.equals(home)) s.scope(Skill.Scope.PROJECT, projectRoot);
        return new SkillCatalog(s.skills, s.mappings, s.warnings, home, projectRoot);
    }

    /** The folders a watcher should watch for these two roots. */
    public static List<Path> folders(Path home, Path projectRoot) {
        List<Path> out = new ArrayList<>();
        for (Path root : projectRoot == null ? List.of(home) : List.of(home, projectRoot)) {
            for (String sub : List.of(
                    ".skills",
                    ".skills/default",
                    ".skills/agents",
                    ".skills/project",
                    ".claude/skills",
                    ".agents/skills")) {
                out.add(root.resolve(sub));
            }
        }
        return out;
    }

    private void scope(Skill.Scope scope, Path root) {
        Path dir = root.resolve(".skills");
        markdown(dir.resolve("default")).forEach(f -> read(f, scope, Skill.Folder.DEFAULT, stem(f)));
        markdown(dir.resolve("project")).forEach(f -> read(f, scope, Skill.Folder.ON_DEMAND, stem(f)));
        for (String imported : List.of(".claude/skills", ".agents/skills")) {
            for (Path d : list(root.resolve(imported))) {
                Path f = d.resolve("SKILL.md");
                if (Files.isRegularFile(f))
                    read(f, scope, Skill.Folder.IMPORTED, d.getFileName().toString());
            }
        }
        for (Path f : list(dir.resolve("agents"))) {
            String name = f.getFileName().toString();
            if (!name.endsWith(".txt")) continue;
            boolean orchestrator = name.endsWith(".o.txt");
            String type = name.substring(0, name.length() - (orchestrator ? 6 : 4));
            try {
                List<String> entries = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
                mappings.add(new SkillMapping(
                        scope,
                        type,
                        orchestrator ? SkillMapping.Role.ORCHESTRATOR : SkillMapping.Role.AGENT,
                        entries,
                        f));
            } catch (IOException e) {
                warnings.add(f + ": cannot read (" + e.getMessage() + ")");
            }
        }
    }

    private void read(Path file, Skill.Scope scope, Skill.Folder folder, String fallbackName) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                warnings.add(file + ": skipped, larger than " + MAX_BYTES / 1024 + " KiB");
                return;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!text.startsWith("---\n")) {
                warnings.add(file + ": no frontmatter; start the file with ---, name:, description:, ---");
                return;
            }
            int end = text.indexOf("\n---", 4);
            if (end < 0) {
                warnings.add(file + ": frontmatter is not closed; add a line --- after it");
                return;
            }
            JsonNode fm = YAML.readTree(text.substring(4, end));
            if (fm == null || !fm.isObject()) {
                warnings.add(file + ": frontmatter must be a mapping with name: and description:");
                return;
            }
            String name = fm.hasNonNull("name") ? fm.get("name").asText().strip() : fallbackName;
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                warnings.add(file + ": name '" + name + "' must be letters, digits, '.', '_' or '-'");
                return;
            }
            if (!fm.hasNonNull("description") || fm.get("description").asText().isBlank()) {
                warnings.add(file + ": frontmatter has no description: (say when the skill applies)");
                return;
            }
            List<String> tags = new ArrayList<>();
            JsonNode t = fm.get("tags");
            if (t != null && t.isArray()) t.forEach(x -> tags.add(x.asText()));
            else if (t != null && !t.isNull()) tags.add(t.asText());
            int bodyStart = text.indexOf('\n', end + 4);
            String body = bodyStart < 0 ? "" : text.substring(bodyStart + 1).strip();
            skills.add(new Skill(name, fm.get("description").asText().strip(), tags, scope, folder, file, body));
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            warnings.add(file + (loc == null ? "" : ":" + (loc.getLineNr() + 1)) + ": bad frontmatter YAML ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            warnings.add(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static List<Path> markdown(Path dir) {
        return list(dir).stream()
                .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md"))
                .filter(Files::isRegularFile)
                .toList();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}

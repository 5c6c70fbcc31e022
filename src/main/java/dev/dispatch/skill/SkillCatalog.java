package dev.dispatch.skill;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The skills one agent can see, in load order: global defaults, project defaults, then what its type is
 * mapped to (global mappings, then project), then what is activated on demand. A plain name that
 * exists in both scopes must be qualified ({@code global:name} / {@code project:name}).
 */
public final class SkillCatalog {
    private final List<Skill> skills;
    private final List<SkillMapping> mappings;
    private final List<String> warnings;
    private final Path home;
    private final Path projectRoot;

    SkillCatalog(List<Skill> skills, List<SkillMapping> mappings, List<String> warnings, Path home, Path projectRoot) {
        this.skills = List.copyOf(skills);
        this.mappings = List.copyOf(mappings);
        List<String> all = new ArrayList<>(warnings);
        for (SkillMapping m : mappings) {
            for (String e : m.entries()) {
                if (resolve(e, m.scope()).isEmpty()) {
                    all.add(m.file() + ": no skill '" + e + "' in default/ or project/ of either skills folder");
                }
            }
        }
        this.warnings = List.copyOf(all);
        this.home = home;
        this.projectRoot = projectRoot;
    }

    public List<Skill> skills() {
        return skills;
    }

    public List<SkillMapping> mappings() {
        return mappings;
    }

    /** Files that could not be loaded, each naming the file and the fix. */
    public List<String> warnings() {
        return warnings;
    }

    public Path home() {
        return home;
    }

    public Path projectRoot() {
        return projectRoot;
    }

    /** The skill named {@code ref} ({@code name}, {@code name.md}, {@code global:name}, {@code project:name}). */
    public Skill find(String ref) {
        String r = ref == null ? "" : ref.strip();
        for (Skill.Scope s : Skill.Scope.values()) {
            if (r.startsWith(s.prefix() + ":")) {
                String name = r.substring(s.prefix().length() + 1);
                return inScope(name, s)
                        .orElseThrow(() -> new SkillException(
                                SkillException.Kind.MISSING,
                                "no " + s.prefix() + " skill '" + name + "'; known: " + names()));
            }
        }
        Optional<Skill> global = inScope(r, Skill.Scope.GLOBAL);
        Optional<Skill> project = inScope(r, Skill.Scope.PROJECT);
        if (global.isPresent() && project.isPresent()) {
            throw new SkillException(
                    SkillException.Kind.AMBIGUOUS,
                    "skill '" + r + "' exists in both ~/.skills and the project's .skills: ask for" + " global:" + r
                            + " or project:" + r);
        }
        return global.or(() -> project)
                .orElseThrow(() ->
                        new SkillException(SkillException.Kind.MISSING, "no skill '" + r + "'; known: " + names()));
    }

    /** What an agent of {@code type} loads up front: defaults, then its mappings, then {@code extra} names. */
    public List<Skill> autoLoaded(String type, SkillMapping.Role role, List<String> extra) {
        LinkedHashSet<Skill> out = new LinkedHashSet<>();
        for (Skill.Scope s : Skill.Scope.values()) {
            skills.stream()
                    .filter(k -> k.scope() == s && k.folder() == Skill.Folder.DEFAULT)
                    .forEach(out::add);
        }
        for (Skill.Scope s : Skill.Scope.values()) {
            for (SkillMapping m : mappings) {
                if (m.scope() != s || !m.agentType().equals(type) || m.role() != role) continue;
                for (String e : m.entries()) resolve(e, m.scope()).ifPresent(out::add);
            }
        }
        for (String e : extra) {
            try {
                out.add(find(e));
            } catch (SkillException missing) {
                // reported by the config's own listing; an agent still starts without it
            }
        }
        return List.copyOf(out);
    }

    /** Skills an agent may activate: {@code project/} and imported ones it has not loaded already. */
    public List<Skill> onDemand(List<Skill> loaded) {
        return skills.stream()
                .filter(k -> k.folder() != Skill.Folder.DEFAULT && !loaded.contains(k))
                .toList();
    }

    /** The system prompt section: the loaded skills in full, then an index of what can be activated. */
    public String prompt(String type, SkillMapping.Role role, List<String> extra) {
        List<Skill> loaded = autoLoaded(type, role, extra);
        List<Skill> more = onDemand(loaded);
        if (loaded.isEmpty() && more.isEmpty()) return "";
        StringBuilder b = new StringBuilder("# Skills\n");
        for (Skill s : loaded)
            b.append("\n")
                    .append(SKILL_HEADING)
                    .append(s.name())
                    .append("\n\n")
                    .append(s.body())
                    .append('\n');
        if (!more.isEmpty()) {
            b.append("\nMore skills, loaded with the activate_skill tool when the task calls for one:\n");
            for (Skill s : more)
                b.append("- ")
                        .append(label(s))
                        .append(": ")
                        .append(s.description())
                        .append('\n');
        }
        return b.toString();
    }

    /** The names of the skills a prompt made by {@link #prompt} loads, in order (its "## Skill:" headings). */
    public static List<String> loadedIn(String prompt) {
        if (prompt == null || prompt.isEmpty()) return List.of();
        List<String> out = new java.util.ArrayList<>();
        for (String line : prompt.split("\n")) {
            if (line.startsWith(SKILL_HEADING))
                out.add(line.substring(SKILL_HEADING.length()).strip());
        }
        return out;
    }

    private static final String SKILL_HEADING = "## Skill: ";

    /** The name to ask for: plain when unique, qualified when the other scope has the same name. */
    public String label(Skill s) {
        boolean clash =
                skills.stream().anyMatch(o -> o.scope() != s.scope() && o.name().equals(s.name()));
        return clash ? s.qualifiedName() : s.name();
    }

    /** A mapping entry, looked up in the mapping's own scope first, then the other. */
    private Optional<Skill> resolve(String entry, Skill.Scope own) {
        for (Skill.Scope s : Skill.Scope.values()) {
            if (entry.startsWith(s.prefix() + ":"))
                return inScope(entry.substring(s.prefix().length() + 1), s);
        }
        Optional<Skill> mine = inScope(entry, own);
        if (mine.isPresent()) return mine;
        Skill.Scope other = own == Skill.Scope.GLOBAL ? Skill.Scope.PROJECT : Skill.Scope.GLOBAL;
        return inScope(entry, other);
    }

    private Optional<Skill> inScope(String ref, Skill.Scope scope) {
        return skills.stream()
                .filter(k -> k.scope() == scope)
                .filter(k -> k.name().equals(ref)
                        || k.file().getFileName().toString().equals(ref)
                        || Skills.stem(k.file()).equals(ref))
                .findFirst();
    }

    private List<String> names() {
        return skills.stream().map(this::label).distinct().toList();
    }
}

package dev.dispatch.skill;

import java.nio.file.Path;
import java.util.List;

/**
 * One skill: a markdown file with YAML frontmatter (name, description, tags), from the user's
 * {@code ~/.skills} ({@link Scope#GLOBAL}) or the project's {@code .skills} ({@link Scope#PROJECT}).
 *
 * @param folder which folder it came from, which decides when it is loaded
 * @param body the markdown after the frontmatter
 */
public record Skill(
        String name, String description, List<String> tags, Scope scope, Folder folder, Path file, String body) {

    public enum Scope {
        GLOBAL("global"),
        PROJECT("project");

        private final String prefix;

        Scope(String prefix) {
            this.prefix = prefix;
        }

        /** The qualifier users write before a name: {@code global:review}. */
        public String prefix() {
            return prefix;
        }
    }

    /** Where a skill lives, and so when it loads. */
    public enum Folder {
        /** {@code default/}: loaded for every agent. */
        DEFAULT,
        /** {@code project/}: loaded on demand ({@code activate_skill}) or through an agent mapping. */
        ON_DEMAND,
        /** {@code .claude/skills/NAME/SKILL.md} or {@code .agents/skills/NAME/SKILL.md}: on demand. */
        IMPORTED
    }

    public Skill {
        tags = List.copyOf(tags);
    }

    /** {@code project:release-checklist}. */
    public String qualifiedName() {
        return scope.prefix() + ":" + name;
    }
}

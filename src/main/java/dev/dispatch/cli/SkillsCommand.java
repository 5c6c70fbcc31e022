package dev.dispatch.cli;

import picocli.CommandLine.Command;

/** {@code dispatch skills}: the skills agents load, from ~/.skills and the project's .skills. */
@Command(
        name = "skills",
        mixinStandardHelpOptions = true,
        description = {
            "List and show skills.",
            "",
            "Skills are markdown files with YAML frontmatter (name, description, tags) in ~/.skills/ and",
            "<project>/.skills/: default/ loads for every agent, agents/TYPE.txt (TYPE.o.txt for",
            "orchestrators) lists skill files an agent type loads, project/ loads on demand through the",
            "activate_skill tool. SKILL.md skills under .claude/skills/ and .agents/skills/ load on demand too.",
            "A name in both places is asked for as global:NAME or project:NAME."
        })
public final class SkillsCommand extends GroupCommand {}

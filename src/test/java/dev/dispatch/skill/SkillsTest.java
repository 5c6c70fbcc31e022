package dev.dispatch.skill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skills folders on disk: load order, mappings, disambiguation, imported SKILL.md, bad files as warnings. */
class SkillsTest {
    @TempDir
    Path tmp;

    Path home;
    Path project;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        project = tmp.resolve("project");
    }

    void skill(Path root, String folder, String file, String name, String description) throws IOException {
        write(
                root.resolve(".skills").resolve(folder).resolve(file),
                "---\nname: " + name + "\ndescription: " + description + "\ntags: [a, b]\n---\n# " + name + "\nbody of "
                        + name + "\n");
    }

    static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    static List<String> qualified(List<Skill> skills) {
        return skills.stream().map(Skill::qualifiedName).toList();
    }

    @Test
    void loadOrderIsGlobalDefaultProjectDefaultThenMappingsGlobalThenProject() throws IOException {
        skill(home, "default", "g-style.md", "g-style", "global style");
        skill(project, "default", "p-build.md", "p-build", "how to build");
        skill(home, "project", "g-review.md", "g-review", "global review checklist");
        skill(project, "project", "p-release.md", "p-release", "release steps");
        skill(project, "project", "p-other.md", "p-other", "other steps");
        write(home.resolve(".skills/agents/reviewer.txt"), "# reviewers read this\ng-review.md\n");
        write(project.resolve(".skills/agents/reviewer.txt"), "p-release\n");
        write(project.resolve(".skills/agents/reviewer.o.txt"), "p-other.md\n");

        SkillCatalog c = Skills.load(home, project);

        assertThat(c.warnings()).isEmpty();
        assertThat(qualified(c.autoLoaded("reviewer", SkillMapping.Role.AGENT, List.of())))
                .containsExactly("global:g-style", "project:p-build", "global:g-review", "project:p-release");
        assertThat(qualified(c.autoLoaded("reviewer", SkillMapping.Role.ORCHESTRATOR, List.of())))
                .containsExactly("global:g-style", "project:p-build", "project:p-other");
        assertThat(qualified(c.autoLoaded("coder", SkillMapping.Role.AGENT, List.of("p-other"))))
                .containsExactly("global:g-style", "project:p-build", "project:p-other");
        String prompt = c.prompt("coder", SkillMapping.Role.AGENT, List.of());
        assertThat(prompt)
                .contains("## Skill: g-style")
                .contains("body of p-build")
                .contains("- p-release: release steps")
                .contains("- g-review: global review checklist")
                .doesNotContain("body of p-release");
        assertThat(prompt.indexOf("g-style")).isLessThan(prompt.indexOf("p-build"));
    }

    @Test
    void aNameInBothScopesMustBeQualified() throws IOException {
        skill(home, "project", "review.md", "review", "the user's review");
        skill(project, "project", "review.md", "review", "the project's review");
        SkillCatalog c = Skills.load(home, project);

        assertThatThrownBy(() -> c.find("review"))
                .isInstanceOf(SkillException.class)
                .hasMessageContaining("global:review or project:review")
                .satisfies(e -> assertThat(((SkillException) e).kind()).isEqualTo(SkillException.Kind.AMBIGUOUS));
        assertThat(c.find("global:review").description()).isEqualTo("the user's review");
        assertThat(c.find("project:review").description()).isEqualTo("the project's review");
        assertThat(c.label(c.find("project:review"))).isEqualTo("project:review");
        assertThat(c.prompt("x", SkillMapping.Role.AGENT, List.of()))
                .contains("- global:review:")
                .contains("- project:review:");
        assertThatThrownBy(() -> c.find("nope"))
                .hasMessageContaining("no skill 'nope'")
                .hasMessageContaining("project:review");
    }

    @Test
    void skillMdFromClaudeAndAgentsFoldersLoadOnDemand() throws IOException {
        write(
                project.resolve(".claude/skills/pdf/SKILL.md"),
                "---\nname: pdf\ndescription: read PDFs\n---\nuse pdftotext\n");
        write(home.resolve(".agents/skills/deploy/SKILL.md"), "---\ndescription: deploy the app\n---\nrun ./deploy\n");
        SkillCatalog c = Skills.load(home, project);

        assertThat(c.find("pdf").folder()).isEqualTo(Skill.Folder.IMPORTED);
        assertThat(c.find("deploy").body()).isEqualTo("run ./deploy");
        assertThat(c.autoLoaded("coder", SkillMapping.Role.AGENT, List.of())).isEmpty();
        assertThat(c.onDemand(List.of())).extracting(Skill::name).containsExactlyInAnyOrder("pdf", "deploy");
    }

    @Test
    void badFrontmatterWarnsNamingTheFileAndTheRestLoad() throws IOException {
        skill(project, "default", "good.md", "good", "fine");
        Path noFront = project.resolve(".skills/default/plain.md");
        write(noFront, "# just markdown\n");
        Path badYaml = project.resolve(".skills/project/broken.md");
        write(badYaml, "---\nname: broken\ndescription: [unclosed\n---\nbody\n");
        Path noDesc = project.resolve(".skills/project/nodesc.md");
        write(noDesc, "---\nname: nodesc\n---\nbody\n");
        write(project.resolve(".skills/agents/coder.txt"), "missing-skill.md\ngood\n");

        SkillCatalog c = Skills.load(home, project);

        assertThat(c.skills()).extracting(Skill::name).containsExactly("good");
        assertThat(c.warnings()).hasSize(4);
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(noFront + ": no frontmatter"));
        assertThat(c.warnings())
                .anySatisfy(w -> assertThat(w).startsWith(badYaml.toString()).contains("bad frontmatter YAML"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(noDesc + ": frontmatter has no description"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("coder.txt: no skill 'missing-skill.md'"));
        assertThat(qualified(c.autoLoaded("coder", SkillMapping.Role.AGENT, List.of())))
                .containsExactly("project:good");
    }

    @Test
    void thisRepositorysOwnSkillsFolderIsValid() {
        Path repo = Path.of("").toAbsolutePath();
        SkillCatalog c = Skills.load(tmp.resolve("empty-home"), repo);
        assertThat(c.warnings()).isEmpty();
        assertThat(c.skills())
                .extracting(Skill::name)
                .contains("architecture-rules", "running-tests", "release-checklist");
        assertThat(qualified(c.autoLoaded("reviewer", SkillMapping.Role.AGENT, List.of())))
                .containsExactly("project:architecture-rules", "project:running-tests", "project:release-checklist");
    }
}

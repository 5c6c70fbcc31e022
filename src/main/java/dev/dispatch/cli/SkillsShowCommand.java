package dev.dispatch.cli;

import dev.dispatch.protocol.ModelOps;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch skills show NAME}: one skill in full, with where it lives. JSON: {@link ModelOps.SkillDetail}. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show one skill: its frontmatter, file and text.")
public final class SkillsShowCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "Skill name, or global:NAME / project:NAME when both exist.")
    String name;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelOps.SkillDetail d = EngineQuery.ask(spec, cwd -> new ModelOps.ShowSkill(cwd, name));
        if (json.enabled()) {
            EngineQuery.printJson(spec, d);
            return ExitCode.OK.code();
        }
        PrintWriter out = spec.commandLine().getOut();
        ModelOps.SkillRow s = d.skill();
        out.println(s.qualifiedName() + " (" + s.folder() + ")");
        out.println("description: " + s.description());
        if (!s.tags().isEmpty()) out.println("tags: " + String.join(", ", s.tags()));
        out.println("file: " + s.file());
        out.println();
        out.println(d.body());
        out.flush();
        return ExitCode.OK.code();
    }
}

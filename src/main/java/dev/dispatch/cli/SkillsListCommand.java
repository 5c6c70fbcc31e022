package dev.dispatch.cli;

import dev.dispatch.protocol.ModelOps;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch skills list}: a tree by scope and folder, the agent mappings, warnings for files
 * that did not load, and with {@code --agent-type TYPE} what that type loads up front. JSON:
 * {@link ModelOps.SkillsResult}.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List skills by scope and folder, and what each agent type loads.")
public final class SkillsListCommand implements Callable<Integer> {
    @Option(
            names = "--agent-type",
            paramLabel = "TYPE",
            completionCandidates = Candidates.Templates.class,
            description = "Also show what an agent of this type (an agents: template) loads, in order.")
    String agentType;

    /** The old spelling of {@code --agent-type}: {@code --agent} names an agent everywhere else. */
    @Option(names = "--agent", paramLabel = "TYPE", hidden = true, description = "Same as --agent-type.")
    String agent;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String type = AgentName.of("--agent-type", agentType, "--agent", agent);
        ModelOps.SkillsResult r = EngineQuery.ask(spec, cwd -> new ModelOps.ListSkills(cwd, type));
        if (json.enabled()) {
            EngineQuery.printJson(spec, r);
            return ExitCode.OK.code();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (r.skills().isEmpty() && r.mappings().isEmpty())
            out.println("no skills: add markdown files under ~/.skills/default/ or .skills/default/");
        for (String scope : List.of("global", "project")) {
            List<ModelOps.SkillRow> mine =
                    r.skills().stream().filter(s -> s.scope().equals(scope)).toList();
            List<ModelOps.MappingRow> maps =
                    r.mappings().stream().filter(m -> m.scope().equals(scope)).toList();
            if (mine.isEmpty() && maps.isEmpty()) continue;
            out.println(scope);
            for (String folder : List.of("default", "project", "imported")) {
                List<ModelOps.SkillRow> in =
                        mine.stream().filter(s -> s.folder().equals(folder)).toList();
                if (in.isEmpty()) continue;
                out.println("  " + folder + "/" + (folder.equals("default") ? "  (every agent)" : "  (on demand)"));
                for (ModelOps.SkillRow s : in) out.println("    " + s.name() + " — " + s.description());
            }
            if (!maps.isEmpty()) {
                out.println("  agents/");
                for (ModelOps.MappingRow m : maps) {
                    String file = m.agentType() + (m.role().equals("orchestrator") ? ".o.txt" : ".txt");
                    out.println("    " + file + " → " + String.join(", ", m.skills()));
                }
            }
        }
        if (agent != null)
            out.println(
                    "loaded for " + agent + ": " + (r.loaded().isEmpty() ? "nothing" : String.join(", ", r.loaded())));
        PrintWriter err = spec.commandLine().getErr();
        for (String w : r.warnings()) err.println("warning: " + w);
        out.flush();
        err.flush();
        return ExitCode.OK.code();
    }
}

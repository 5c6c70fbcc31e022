package dev.dispatch.cli;

import dev.dispatch.protocol.SessionOps;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch agent model ID MODEL}: switch a running agent's model mid-session. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = {
            "Switch a running agent (in-process or in the owner) to MODEL, or to the best usable model with --tag.",
            "Its next call sends the whole conversation to the new model (converted to the new provider's wire"
                    + " format); the switch is noted in 'dispatch sessions show'."
        })
final class AgentModelCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "ID",
            completionCandidates = Candidates.Agents.class,
            description = "The agent: its id (agt_…) or name (see 'dispatch agent tree').")
    String agent;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "MODEL",
            completionCandidates = Candidates.Models.class,
            description = "A model id of dispatch.yaml (see 'dispatch models').")
    String model;

    @Option(
            names = "--tag",
            paramLabel = "TAG",
            completionCandidates = Candidates.Tags.class,
            description = "Instead of MODEL: the best usable model with this tag.")
    String tag;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((model == null) == (tag == null))
            throw new CliException(ExitCode.USAGE, "give MODEL or --tag TAG (one of them)");
        CoordCalls.run(spec, json, new SessionOps.SwitchModel(agent, model, tag), r -> {
            PrintWriter out = spec.commandLine().getOut();
            out.println(r.agentId() + " now uses " + r.model() + " (" + r.provider() + "), was " + r.previousModel()
                    + "; session " + r.sessionId());
            out.flush();
        });
        return ExitCode.OK.code();
    }
}

package dev.dispatch.cli;

import dev.dispatch.protocol.SessionOps;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch agent interrupt ID}: the workbench's Esc for scripts and other shells. It stops the
 * agent's running turn (the model stream, its tools and their shell processes, its open prompts) and
 * keeps the agent and its conversation for the next prompt.
 */
@Command(
        name = "interrupt",
        mixinStandardHelpOptions = true,
        description = {
            "Stop a running agent's turn (in-process or in the owner): its model stream, tools and shell commands"
                    + " stop and its open permission prompts are refused; the agent keeps its conversation, and"
                    + " the next prompt continues it. An idle agent is left as it is."
        })
final class AgentInterruptCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "ID",
            completionCandidates = Candidates.Agents.class,
            description = "The agent: its id (agt_…) or name (see 'dispatch agent tree').")
    String agent;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CoordCalls.run(spec, json, new SessionOps.InterruptTurn(agent), r -> {
            PrintWriter out = spec.commandLine().getOut();
            out.println(r.detail());
            out.flush();
        });
        return ExitCode.OK.code();
    }
}

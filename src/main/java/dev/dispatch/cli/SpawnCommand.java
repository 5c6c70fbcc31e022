package dev.dispatch.cli;

import dev.dispatch.protocol.FleetOps;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch spawn NAME --cli …}: an external agent CLI in tmux, as a member of the space. */
@Command(
        name = "spawn",
        mixinStandardHelpOptions = true,
        description = {
            "Start an external agent CLI in a detached tmux session (dispatch-NAME, on its own tmux socket),",
            "registered in the space with its own token. The CLI gets DISPATCH_AGENT_TOKEN, DISPATCH_AGENT,",
            "DISPATCH_SPACE, DISPATCH_URL and an MCP config (DISPATCH_MCP_CONFIG) so it can claim, lock and message.",
            "Known CLIs (claude, codex, aider, shell) start with the flags of external_clis in the user config;",
            "any other --cli value runs as a command line (sh -c). See docs/external-agents.md."
        })
public final class SpawnCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Agent name: letters, digits, '-' and '_' (1-40).")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROMPT", description = "What to tell it first.")
    String prompt;

    @Option(
            names = "--cli",
            required = true,
            paramLabel = "CLI",
            description = "claude, codex, aider, shell (or another external_clis entry), or a command line.")
    String cli;

    @Option(
            names = "--worktree",
            description = "Run it in a new git worktree .dispatch/worktrees/NAME on branch dispatch/NAME.")
    boolean worktree;

    @Option(
            names = "--task",
            paramLabel = "ID",
            description = "Claim this task for it (DISPATCH_TASK, DISPATCH_LEASE).")
    String task;

    @Option(
            names = "--persona",
            paramLabel = "NAME[@V]",
            description = {
                "Start it with the ignition prompt: this persona (latest version, or @V) in the ignition template,",
                "with its name, space, task and the coordination commands; PROMPT goes at its end. See dispatch persona."
            })
    String persona;

    @Mixin
    SpaceMixin space;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String project = Path.of("").toAbsolutePath().toString();
        CoordCalls.run(
                spec,
                json,
                new FleetOps.SpawnExternalAgent(space.resolve(), name, cli, project, worktree, task, prompt, persona),
                a -> ExternalText.spawned(a, CoordCalls.out(spec)));
        return ExitCode.OK.code();
    }
}

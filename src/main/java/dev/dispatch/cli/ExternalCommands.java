package dev.dispatch.cli;

import dev.dispatch.protocol.FleetOps;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch attach|peek|send|stop NAME}: look at, talk to and stop an external agent started by
 * {@code dispatch spawn}. Names are unique across spaces, so {@code --space} is only a check here.
 */
final class ExternalCommands {
    private ExternalCommands() {}

    /** The agent's name and an optional space check, shared by the four commands. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "NAME", description = "The external agent (see 'dispatch agent list').")
        String name;

        @Option(names = "--space", paramLabel = "NAME", description = "Refuse unless the agent is in this space.")
        String space;
    }

    @Command(
            name = "attach",
            mixinStandardHelpOptions = true,
            description = {
                "Attach this terminal to an external agent's tmux session; detach (C-b d) returns here.",
                "Needs a terminal."
            })
    static final class Attach implements Callable<Integer> {
        @Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            FleetOps.AttachTarget t =
                    CoordCalls.submit(spec, new FleetOps.AttachExternalAgent(target.space, target.name));
            if (System.console() == null)
                throw new CliException(
                        ExitCode.USAGE,
                        "attach needs a terminal; run it in one, or use 'dispatch peek " + t.name()
                                + "' to read the pane");
            ProcessBuilder pb = new ProcessBuilder(t.command()).inheritIO();
            pb.environment().remove("TMUX"); // inside tmux: attach to the agent's own server, not nest refusal
            return pb.start().waitFor();
        }
    }

    @Command(
            name = "peek",
            mixinStandardHelpOptions = true,
            description = "Print the last lines of an external agent's screen.")
    static final class Peek implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(
                names = "--lines",
                paramLabel = "N",
                defaultValue = "40",
                description = "How many lines (default: ${DEFAULT-VALUE}).")
        int lines;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new FleetOps.PeekExternalAgent(target.space, target.name, lines), p -> {
                PrintWriter out = CoordCalls.out(spec);
                out.println(p.text());
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            description = {
                "Type TEXT into an external agent's CLI and press Enter: pasted through a tmux buffer on the",
                "agent's own socket (not send-keys), then confirmed by the pane changing. Exit 4 when it did not change.",
                "A Codex agent (exec channel) gets TEXT as its next prompt instead: a 'codex exec resume' run, confirmed",
                "when Codex accepts it, or queued behind its running turn (exit 0)."
            })
    static final class Send implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(index = "1", paramLabel = "TEXT", description = "What to type.")
        String text;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FleetOps.SendResult r =
                    CoordCalls.submit(spec, new FleetOps.SendToExternalAgent(target.space, target.name, text));
            CoordCalls.print(spec, json, r, x -> {
                PrintWriter out = CoordCalls.out(spec);
                String how = x.delivered()
                        ? "delivered to "
                        : "queued".equals(x.state()) ? "queued for " : "not confirmed for ";
                out.println(how + x.name() + ": " + x.detail());
                out.flush();
            });
            // queued behind a running turn is a success: the owner starts it when that turn ends
            return r.delivered() || "queued".equals(r.state()) ? ExitCode.OK.code() : ExitCode.CONFLICT.code();
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = {
                "Stop an external agent: C-c and its CLI's exit command, then kill the session after --grace",
                "seconds. It is unregistered unless it still holds tasks (their leases then expire as usual)."
            })
    static final class Stop implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(
                names = "--grace",
                paramLabel = "S",
                defaultValue = "5",
                description = "Seconds to wait before killing (default: ${DEFAULT-VALUE}).")
        int grace;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new FleetOps.StopExternalAgent(target.space, target.name, grace), r -> {
                PrintWriter out = CoordCalls.out(spec);
                out.println("stopped " + r.name() + ": " + r.detail());
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }
}

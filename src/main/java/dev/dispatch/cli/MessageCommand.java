package dev.dispatch.cli;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.MessageOps.AckResult;
import dev.dispatch.protocol.MessageOps.InboxResult;
import dev.dispatch.protocol.MessageOps.SendResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch msg send|inbox|ack}: messages between agents, read by sequence-number cursor. */
@Command(
        name = "msg",
        mixinStandardHelpOptions = true,
        description = "Send, read and acknowledge messages between agents.")
public final class MessageCommand extends GroupCommand {

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            description = {
                "Send TEXT ('-' reads stdin) to TO: an agent, 'parent', 'children' or 'all' (everyone but the sender).",
                "The sender is a registered agent or 'operator'. Limit: 64 KiB of UTF-8."
            })
    static final class Send implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "TO",
                completionCandidates = Candidates.Agents.class,
                description = "Whom to send it to: an agent name, parent, children or all.")
        String to;

        @Parameters(index = "1", paramLabel = "TEXT", description = "The message; '-' reads stdin.")
        String text;

        @Option(
                names = "--agent",
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The sending agent (or 'operator'); required.")
        String agent;

        /** The old spelling of {@code --agent}, kept for scripts. */
        @Option(names = "--from", paramLabel = "NAME", hidden = true, description = "Same as --agent.")
        String from;

        @Option(
                names = "--thread",
                paramLabel = "T",
                description = "Thread to post in (default: a new thread named by the message id).")
        String thread;

        @Option(
                names = "--importance",
                paramLabel = "LEVEL",
                description = "${COMPLETION-CANDIDATES} (default: normal).")
        MessageOps.Importance importance;

        @Option(names = "--ack-required", description = "Ask recipients to acknowledge it.")
        boolean ackRequired;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String sender = AgentName.required(agent, "--from", from, "the sending agent, or 'operator'");
            String body = CoordArgs.text("message text", text);
            SendResult r;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                r = engine.submit(
                        new MessageOps.SendMessage(space.resolve(), sender, to, body, thread, importance, ackRequired));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, r);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.printf(
                        "sent %s (seq %d, thread %s) to %s%n",
                        r.message().id(), r.message().seq(), r.message().thread(), String.join(", ", r.recipients()));
                out.flush();
            }
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "inbox",
            mixinStandardHelpOptions = true,
            description = {
                "Messages to the agent given by --agent, in sequence order; reading marks them read (unless --peek).",
                "Resume with --since set to the last SEQ you saw: nothing is missed or repeated."
            })
    static final class Inbox implements Callable<Integer> {
        @Option(
                names = "--agent",
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The recipient whose inbox to read; required.")
        String agent;

        /** The old spelling, {@code msg inbox NAME}, kept for scripts. */
        @Parameters(arity = "0..1", paramLabel = "NAME", hidden = true, description = "Same as --agent.")
        String positional;

        @Option(names = "--unread", description = "Only messages not read yet.")
        boolean unread;

        @Option(
                names = "--since",
                paramLabel = "SEQ",
                defaultValue = "0",
                description = "Only messages after this sequence number.")
        long since;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "100",
                description = "At most N messages (default: ${DEFAULT-VALUE}, max 1000).")
        int limit;

        @Option(names = "--peek", description = "Do not mark the messages read.")
        boolean peek;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String recipient = AgentName.required(agent, "NAME", positional, "the recipient");
            if (limit <= 0) throw new CliException(ExitCode.USAGE, "--limit " + limit + " must be between 1 and 1000");
            InboxResult r;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                r = engine.submit(new MessageOps.ReadInbox(
                        space.resolve(),
                        recipient,
                        since,
                        unread,
                        limit,
                        peek ? MessageOps.ReadMark.peek : MessageOps.ReadMark.mark));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, r);
                return ExitCode.OK.code();
            }
            CoordText.inbox(r, spec.commandLine().getOut());
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "ack",
            mixinStandardHelpOptions = true,
            description = "Acknowledge message ID as the recipient given by --agent.")
    static final class Ack implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The message, e.g. msg_42.")
        String id;

        @Option(
                names = "--agent",
                required = true,
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The recipient acknowledging it.")
        String agent;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AckResult r;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                r = engine.submit(new MessageOps.AckMessage(space.resolve(), id, agent));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, r);
            } else {
                CoordText.acked(r, spec.commandLine().getOut());
            }
            return ExitCode.OK.code();
        }
    }
}

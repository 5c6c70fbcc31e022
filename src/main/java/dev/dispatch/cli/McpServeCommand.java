package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.mcp.Identity;
import dev.dispatch.mcp.McpServer;
import dev.dispatch.mcp.StdioTransport;
import dev.dispatch.protocol.AgentOps;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch mcp serve}: the MCP server over stdio, as an MCP client launches it. It acts as the
 * agent whose token is in {@code DISPATCH_AGENT_TOKEN} (checked once at start through the engine), and
 * reaches the engine through the CLI's one door per call. Standard output carries protocol only.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve MCP over stdio as the agent whose token is in DISPATCH_AGENT_TOKEN.",
            "Newline-delimited JSON-RPC; tools act only as that agent, in its space. MCP clients start this",
            "command themselves: see 'mcp install'."
        })
final class McpServeCommand implements Callable<Integer> {
    @Option(
            names = "--operator",
            description = "Serve as the operator instead of an agent (no DISPATCH_AGENT_TOKEN): tools then name the"
                    + " acting agent.")
    boolean operator;

    @Mixin
    SpaceMixin space;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String token = Environment.current().vars().get(Daemons.AGENT_TOKEN_ENV);
        boolean hasToken = token != null && !token.isBlank();
        if (operator && hasToken) {
            throw new CliException(
                    ExitCode.USAGE,
                    "--operator and " + Daemons.AGENT_TOKEN_ENV
                            + " both given: unset the token to serve as the operator,"
                            + " or drop --operator to serve as its agent");
        }
        if (!operator && !hasToken) {
            throw new CliException(
                    ExitCode.USAGE,
                    Daemons.AGENT_TOKEN_ENV + " is not set: 'dispatch mcp install' registers an agent and puts its"
                            + " token in the client's config (or pass --operator to act as the operator)");
        }
        try (McpEngineDoor door = new McpEngineDoor(spec)) {
            Identity identity;
            if (operator) {
                identity = Identity.operator(space.resolve());
            } else {
                AgentOps.AgentView me = door.submit(new AgentOps.IdentifyAgent(token.strip()));
                if (space.space != null && !space.space.isBlank() && !space.space.equals(me.space())) {
                    throw new CliException(
                            ExitCode.USAGE,
                            "--space " + space.space + " is not the space of the token's agent '" + me.name() + "' ("
                                    + me.space() + ")");
                }
                identity = Identity.agent(me.space(), me.name());
            }
            var session = new McpServer(BuildInfo.version()).session(identity, door);
            // the raw descriptors: protocol bytes must not pass through a PrintWriter's charset or buffering rules
            var out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
            new StdioTransport(session, out).serve(new FileInputStream(FileDescriptor.in));
        }
        return ExitCode.OK.code();
    }
}

package dev.dispatch.cli;

import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.McpOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch mcp trust NAME}: approves an MCP server a project's dispatch.yaml declares, exactly as it
 * is declared now (program, arguments and env, or URL and headers). Until then it never starts; after any
 * change to those it needs approving again. Servers in the user config need no approval.
 */
@Command(
        name = "trust",
        mixinStandardHelpOptions = true,
        description = {
            "Approve an MCP server declared in a project's dispatch.yaml, exactly as declared now (command line and",
            "env, or URL and headers), so agents in that project may start it. A changed declaration is untrusted again."
        })
public final class McpTrustCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The server's name under mcp_servers:.")
    String name;

    @Option(
            names = "--project",
            paramLabel = "DIR",
            description = "The project that declares it (default: the current directory).")
    String project;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String dir = projectDir(project);
        Environment.Snapshot env = Environment.current();
        Ack ack;
        try (Engine engine = EngineAccess.oneShot(spec)) {
            ack = engine.submit(
                    new McpOps.TrustMcpServer(dir == null ? env.cwd().toString() : dir, name));
        }
        spec.commandLine().getOut().println(ack.detail());
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }

    /** {@code --project DIR} as an absolute path, or null when not given; a missing directory is an error. */
    static String projectDir(String project) {
        if (project == null) return null;
        Path p = Environment.current().cwd().resolve(project).toAbsolutePath().normalize();
        if (!Files.isDirectory(p))
            throw new CliException(ExitCode.USAGE, "--project " + project + ": no such directory (" + p + ")");
        return p.toString();
    }
}

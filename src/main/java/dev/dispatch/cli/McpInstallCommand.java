package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch mcp install claude|codex|cursor|json}: registers an agent for the client, then writes
 * the client's MCP config so it starts {@code dispatch mcp serve} with that agent's token (or prints
 * it). {@code --dry-run} registers nothing and writes nothing: it prints what would be written, with a
 * placeholder for the token.
 */
@Command(
        name = "install",
        mixinStandardHelpOptions = true,
        description = {
            "Register an agent and write an MCP client's config to run 'dispatch mcp serve' as it.",
            "claude: .mcp.json in the project (Claude Code); codex: [mcp_servers.dispatch] merged into",
            "~/.codex/config.toml ($CODEX_HOME); cursor: .cursor/mcp.json; json: print the entry.",
            "The token goes in the server's env; files are written 0600, an old one kept as FILE.bak."
        })
final class McpInstallCommand implements Callable<Integer> {
    enum Client {
        claude,
        codex,
        cursor,
        json
    }

    static final String TOKEN_PLACEHOLDER = "<token minted at install>";

    @Parameters(paramLabel = "CLIENT", description = "One of ${COMPLETION-CANDIDATES}.")
    Client client;

    @Option(names = "--dry-run", description = "Print what would be written; register nothing, write nothing.")
    boolean dryRun;

    @Option(
            names = "--agent",
            paramLabel = "NAME",
            completionCandidates = Candidates.Agents.class,
            description = "Name of the agent to register (default: the client's name, e.g. claude).")
    String agent;

    @Option(names = "--capability", paramLabel = "C", description = "A capability of the agent (repeatable).")
    List<String> capabilities;

    @Option(
            names = "--command",
            paramLabel = "PATH",
            description = "The dispatch launcher the client runs (default: 'dispatch' found on PATH).")
    String command;

    @Mixin
    SpaceMixin space;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = agent == null || agent.isBlank() ? client.name() : agent.strip();
        String s = space.resolve();
        String launcher = launcher(err);
        Path file = target();
        String existing = file == null ? null : McpClientConfig.read(file);
        // the merge runs first with a placeholder: a file it cannot merge stops the install before an agent exists
        String text = render(file, existing, entry(launcher, TOKEN_PLACEHOLDER));
        if (dryRun) {
            if (file != null)
                out.println(
                        "# " + file + (existing != null ? " (merged; the old file would be kept as .bak)" : " (new)"));
            out.print(text);
        } else {
            text = render(file, existing, entry(launcher, register(s, name)));
            if (file == null) out.print(text);
            else {
                Path backup = McpClientConfig.write(file, text, existing != null);
                err.println("wrote " + file + " (mode 0600: it holds the agent's token"
                        + (backup == null ? "" : "; the previous file is " + backup) + ")");
                if (client != Client.codex)
                    err.println("keep " + file.getFileName() + " out of version control: it holds a token");
            }
            err.println("registered agent '" + name + "' in space '" + s + "'; the client acts as it through"
                    + " 'dispatch mcp serve'");
        }
        out.flush();
        err.flush();
        return ExitCode.OK.code();
    }

    /** The file this client reads its MCP servers from, or null for {@code json} (printed). */
    private Path target() {
        Path cwd = Environment.current().cwd();
        return switch (client) {
            case json -> null;
            case claude -> cwd.resolve(".mcp.json");
            case cursor -> cwd.resolve(".cursor").resolve("mcp.json");
            case codex -> codexHome().resolve("config.toml");
        };
    }

    private String render(Path file, String existing, McpClientConfig.Entry entry) {
        return switch (client) {
            case json -> McpClientConfig.jsonDocument(entry, false).toPrettyString() + "\n";
            case claude -> McpClientConfig.mergeJson(file, existing, McpClientConfig.jsonEntry(entry, true));
            case cursor -> McpClientConfig.mergeJson(file, existing, McpClientConfig.jsonEntry(entry, false));
            case codex -> McpClientConfig.mergeToml(file, existing, McpClientConfig.tomlTables(entry));
        };
    }

    private String register(String s, String name) {
        try (Engine engine = EngineAccess.oneShot(spec)) {
            return engine.submit(new AgentOps.RegisterAgent(
                            s,
                            name,
                            capabilities == null ? List.of() : capabilities,
                            "mcp:" + client,
                            null,
                            null,
                            null))
                    .token();
        } catch (EngineException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                throw new CliException(
                        ExitCode.CONFLICT,
                        e.getMessage() + "; pass --agent NAME to register another agent for this client, or remove the"
                                + " old one with 'dispatch agent remove " + name + " --space " + s + "'");
            }
            throw e;
        }
    }

    private McpClientConfig.Entry entry(String launcher, String token) {
        List<String> args = new ArrayList<>();
        GlobalOptions g = Cli.globals(spec);
        Map<String, String> env = new LinkedHashMap<>();
        String home = Environment.current().vars().get("DISPATCH_HOME");
        if (home != null && !home.isBlank()) env.put("DISPATCH_HOME", home);
        if (g.dataDir != null) {
            args.add("--data-dir");
            args.add(g.dirs().data().toString());
        }
        args.add("mcp");
        args.add("serve");
        env.put(Daemons.AGENT_TOKEN_ENV, token);
        return new McpClientConfig.Entry(launcher, args, env);
    }

    /** {@code --command}, else the absolute path of {@code dispatch} on PATH, else plain {@code dispatch}. */
    private String launcher(PrintWriter err) {
        if (command != null && !command.isBlank()) return command.strip();
        String path = Environment.current().vars().get("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) continue;
                Path p = Path.of(dir, "dispatch");
                if (Files.isRegularFile(p) && Files.isExecutable(p))
                    return p.toAbsolutePath().toString();
            }
        }
        err.println(
                "dispatch: no 'dispatch' on PATH; the config says 'dispatch' (pass --command PATH to name the launcher)");
        return "dispatch";
    }

    private static Path codexHome() {
        String h = Environment.current().vars().get("CODEX_HOME");
        if (h != null && !h.isBlank()) return Path.of(h);
        String home = Environment.current().vars().getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".codex");
    }
}

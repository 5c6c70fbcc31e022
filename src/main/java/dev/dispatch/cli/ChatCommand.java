package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.tui.LineChat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dispatch chat}: the line-mode face (plain terminals, screen readers), see {@link LineChat}. */
@Command(
        name = "chat",
        mixinStandardHelpOptions = true,
        description = {
            "Chat with an agent in line mode: for plain terminals and screen readers.",
            "History, tab completion of /commands, streamed answers, inline permission prompts",
            "([o]nce [s]ession [a]lways [d]eny). Ctrl+C cancels a working agent; Ctrl+D leaves."
        })
public final class ChatCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "ID",
            completionCandidates = Candidates.Models.class,
            description = "Model for new agents (default: the configured one).")
    String model;

    @Option(
            names = "--agent",
            paramLabel = "TEMPLATE",
            description = "Chat with this agent template from dispatch.yaml (its prompt, tools, model, skills).")
    String template;

    @Mixin
    ServeOptions serve;

    @Mixin
    ResumeOptions resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        dev.dispatch.tui.StartupTrace.mark("chat command");
        FirstRun.require(spec, null, model, null);
        Dirs dirs = Cli.globals(spec).dirs();
        Files.createDirectories(dirs.state());
        Path history = dirs.state().resolve("chat_history");
        String cwd = Environment.current().cwd().toString();
        resume.check();
        if (resume.needsEngine()) { // --continue and the picker ask the engine which session first
            try (Engine engine = serve.open(spec, "chat");
                    Terminal terminal = TerminalBuilder.builder()
                            .system(true)
                            .name("dispatch")
                            .build()) {
                String session = resume.sessionId(engine, cwd, spec);
                return new LineChat(engine, terminal, new LineChat.Options(cwd, history, model, session, template))
                        .run();
            }
        }
        // The prompt before the engine (issue 19): the store, the provider client and the session's socket
        // are wired on a thread of their own; a line sent meanwhile waits for them.
        String session = resume.sessionId(null, cwd, spec);
        LateEngine engine =
                LateEngine.open(() -> serve.open(spec, "chat"), e -> null).describingEarly();
        try (engine;
                Terminal terminal =
                        TerminalBuilder.builder().system(true).name("dispatch").build()) {
            dev.dispatch.tui.StartupTrace.mark("terminal built");
            engine.ready().whenComplete((s, failure) -> {
                if (failure == null) return;
                // the prompt waits on the terminal: give it back, say why, and leave as the command would
                try {
                    terminal.close();
                } catch (IOException | RuntimeException e) {
                    // the error below matters more
                }
                Exception e = failure instanceof Exception x ? x : new IllegalStateException(failure);
                System.exit(Failures.report(
                        e, spec.commandLine().getErr(), Cli.globals(spec).debug()));
            });
            return new LineChat(engine, terminal, new LineChat.Options(cwd, history, model, session, template)).run();
        }
    }
}

package dev.dispatch.cli;

import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ModelConfig;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch __complete models|tags|agents|templates}: the live words the completion script offers
 * (see {@link Candidates}), one a line. Hidden, and quiet by design: a shell calls it on every Tab, so
 * whatever goes wrong (no config, a broken one, a busy store) prints nothing and exits 0, and a lookup
 * slower than {@link #PATIENCE_MILLIS} is given up rather than freezing the prompt.
 */
@Command(name = "__complete", hidden = true, description = "Print completion words for the shell scripts (internal).")
public final class CompleteCommand implements Callable<Integer> {
    static final String MODELS = "models";
    static final String TAGS = "tags";
    static final String AGENTS = "agents";
    static final String TEMPLATES = "templates";
    static final long PATIENCE_MILLIS = 3_000;

    @Parameters(paramLabel = "KIND", description = "models, tags, agents or templates.")
    String kind;

    @Mixin
    SpaceMixin space;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Environment.Snapshot env = Environment.current();
        AtomicReference<List<String>> words = new AtomicReference<>(List.of());
        Thread lookup = Thread.ofPlatform()
                .daemon()
                .start(
                        () -> { // not virtual: see ArchitectureTest
                            try {
                                words.set(Environment.with(env, this::words));
                            } catch (RuntimeException | Error e) {
                                // nothing to offer: a completion never reports errors into the user's prompt
                            }
                        });
        try {
            lookup.join(PATIENCE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String w : words.get()) out.println(w);
        out.flush();
        return ExitCode.OK.code();
    }

    private List<String> words() {
        TreeSet<String> out = new TreeSet<>();
        switch (kind) {
            case MODELS -> {
                for (ModelConfig m : config().models()) out.add(m.id());
            }
            case TAGS -> {
                for (ModelConfig m : config().models()) if (m.tags() != null) out.addAll(m.tags());
            }
            case TEMPLATES -> {
                for (var a : config().agents()) out.add(a.id());
            }
            case AGENTS -> {
                try (Engine engine = EngineAccess.oneShot(spec)) {
                    for (AgentOps.AgentView a : engine.submit(new AgentOps.ListRegisteredAgents(space.resolve()))
                            .agents()) out.add(a.name());
                }
            }
            default -> {}
        }
        return new ArrayList<>(out);
    }

    private Config config() {
        Environment.Snapshot env = Environment.current();
        return new ConfigLoader(Cli.globals(spec).dirs(), env.vars(), env.cwd()).load();
    }
}

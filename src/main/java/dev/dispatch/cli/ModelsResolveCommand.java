package dev.dispatch.cli;

import dev.dispatch.protocol.ModelOps;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch models resolve}: which model and key would serve a call now, and why, walking the
 * candidates the way an agent's call would (without spending anything). Exit 5 when nothing can serve
 * now (an agent would wait). JSON: {@link ModelOps.ResolutionResult}.
 */
@Command(
        name = "resolve",
        mixinStandardHelpOptions = true,
        description = "Show which model and key would serve a call for a tag (or model) now, and why.")
public final class ModelsResolveCommand implements Callable<Integer> {
    @Option(
            names = "--tag",
            paramLabel = "TAG",
            completionCandidates = Candidates.Tags.class,
            description = "A model tag such as heavy, light, coding, review.")
    String tag;

    @Option(
            names = "--model",
            paramLabel = "ID",
            completionCandidates = Candidates.Models.class,
            description = "A model id (default: default_model, then fallback).")
    String model;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (tag != null && model != null) throw new CliException(ExitCode.USAGE, "give --tag or --model, not both");
        ModelOps.ResolutionResult r = EngineQuery.ask(spec, cwd -> new ModelOps.ResolveModel(cwd, tag, model));
        int code = r.model() == null ? ExitCode.NOTHING.code() : ExitCode.OK.code();
        if (json.enabled()) {
            EngineQuery.printJson(spec, r);
            return code;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (r.model() != null) out.println(r.model() + " with key " + r.key() + ": " + r.reason());
        else out.println(r.reason());
        for (String s : r.steps()) out.println("  " + s);
        out.flush();
        return code;
    }
}

package dev.dispatch.cli;

import dev.dispatch.protocol.FleetOps;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch fleet export|import}: a team as a file, to share or to set up again elsewhere. */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        description = "Export a space's team (agents, templates, external agents, open tasks) as YAML, or import one.")
public final class FleetCommand extends GroupCommand {
    static final long MAX_BYTES = 4L * 1024 * 1024;

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write the fleet file (to standard output, or --file). No tokens or keys are written.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--file", paramLabel = "FILE", description = "Write here instead of standard output.")
        Path file;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String project = Path.of("").toAbsolutePath().toString();
            FleetOps.FleetFile f = CoordCalls.submit(spec, new FleetOps.ExportFleet(space.resolve(), project));
            PrintWriter out = CoordCalls.out(spec);
            if (file == null) {
                out.print(f.yaml());
            } else {
                Files.writeString(file, f.yaml(), StandardCharsets.UTF_8);
                out.println("wrote " + file);
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Create what a fleet file lists in the space; what exists already is skipped. A file that does",
                "not validate is refused with each problem's line, and nothing is created."
            })
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The fleet file ('-' for standard input).")
        String file;

        @Option(names = "--dry-run", description = "Only show what it would create.")
        boolean dryRun;

        @Option(
                names = "--spawn",
                description = "Also start the external agents it lists (in the current directory's repository).")
        boolean spawn;

        @Mixin
        SpaceMixin space;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String yaml = read();
            String project = Path.of("").toAbsolutePath().toString();
            FleetOps.ImportResult r = CoordCalls.submit(
                    spec, new FleetOps.ImportFleet(space.resolve(), project, file, yaml, dryRun, spawn));
            CoordCalls.print(spec, json, r, x -> {
                PrintWriter out = CoordCalls.out(spec);
                String verb = x.dryRun() ? "would " : "";
                for (String a : x.actions()) out.println(verb + a);
                for (String s : x.skipped()) out.println("skip " + s);
                if (x.actions().isEmpty()) out.println(x.dryRun() ? "nothing to create" : "nothing created");
                out.flush();
            });
            return ExitCode.OK.code();
        }

        private String read() throws IOException {
            if (file.equals("-")) return new String(System.in.readNBytes((int) MAX_BYTES + 1), StandardCharsets.UTF_8);
            Path p = Path.of(file);
            if (!Files.isRegularFile(p))
                throw new CliException(ExitCode.USAGE, "fleet file '" + file + "' does not exist or is not a file");
            if (Files.size(p) > MAX_BYTES)
                throw new CliException(ExitCode.USAGE, "fleet file '" + file + "' is over " + MAX_BYTES + " bytes");
            return Files.readString(p, StandardCharsets.UTF_8);
        }
    }
}

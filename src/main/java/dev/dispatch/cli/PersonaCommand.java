package dev.dispatch.cli;

import dev.dispatch.protocol.PersonaOps;
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

/** {@code dispatch persona add|show|list|history|render}: versioned persona prompts for spawned agents. */
@Command(
        name = "persona",
        mixinStandardHelpOptions = true,
        description = {
            "Versioned persona prompts. 'dispatch spawn --persona NAME' renders the ignition template (the",
            "persona named 'ignition', else the built-in one) with the persona, the agent's name, space, token",
            "variable, task and the coordination commands, and gives it to the CLI as its first prompt."
        })
public final class PersonaCommand extends GroupCommand {
    static final long MAX_BYTES = 64 * 1024;

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Add TEXT (or --file) as the next version of persona NAME. The same text as the latest adds nothing.",
                "NAME 'ignition' sets the ignition template; its placeholders: {name} {space} {persona} {token_var}",
                "{url_var} {task} {prompt} {commands}."
            })
    static final class Add implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "Persona name: letters, digits, '-' and '_' (1-40).")
        String name;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "TEXT",
                description = "The prompt text ('-' reads stdin).")
        String text;

        @Option(names = "--file", paramLabel = "FILE", description = "Read the text from FILE.")
        Path file;

        @Option(names = "--note", paramLabel = "TEXT", description = "One line saying what changed.")
        String note;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CoordCalls.run(spec, json, new PersonaOps.AddPersona(name, read(), note), r -> {
                PrintWriter out = CoordCalls.out(spec);
                if (r.created())
                    out.printf(
                            "persona %s version %d added%n",
                            r.persona().name(), r.persona().version());
                else
                    out.printf(
                            "persona %s unchanged: the text equals version %d%n",
                            r.persona().name(), r.persona().version());
                out.flush();
            });
            return ExitCode.OK.code();
        }

        private String read() throws IOException {
            if (file != null && text != null)
                throw new CliException(ExitCode.USAGE, "give the text as an argument or with --file, not both");
            if (file == null && text == null)
                throw new CliException(
                        ExitCode.USAGE, "no text: give it as an argument, '-' for stdin, or --file FILE");
            if (file == null && !text.equals("-")) return text;
            byte[] bytes;
            if (file == null) bytes = System.in.readNBytes((int) MAX_BYTES + 1);
            else {
                if (!Files.isRegularFile(file))
                    throw new CliException(
                            ExitCode.USAGE, "persona file '" + file + "' does not exist or is not a file");
                if (Files.size(file) > MAX_BYTES)
                    throw new CliException(
                            ExitCode.USAGE, "persona file '" + file + "' is over " + MAX_BYTES + " bytes");
                bytes = Files.readAllBytes(file);
            }
            if (bytes.length > MAX_BYTES)
                throw new CliException(ExitCode.USAGE, "the persona text is over " + MAX_BYTES + " bytes");
            var decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
            try {
                return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new CliException(
                        ExitCode.USAGE, (file == null ? "stdin" : "'" + file + "'") + " is not valid UTF-8 text");
            }
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print a persona (latest version, or --version).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The persona.")
        String name;

        @Option(names = "--version", paramLabel = "N", description = "This version instead of the latest.")
        Integer version;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new PersonaOps.ShowPersona(name, version), p -> {
                PrintWriter out = CoordCalls.out(spec);
                out.println(p.text());
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List personas with their latest version.")
    static final class ListPersonas implements Callable<Integer> {
        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new PersonaOps.ListPersonas(), l -> {
                PrintWriter out = CoordCalls.out(spec);
                if (l.personas().isEmpty()) {
                    out.println("no personas; add one with: dispatch persona add NAME --file FILE");
                } else {
                    Columns t = new Columns("NAME", "VERSION", "UPDATED", "FIRST LINE");
                    for (var p : l.personas())
                        t.row(p.name(), p.latest(), p.updatedAt().toString(), first(p.firstLine()));
                    t.print(out);
                }
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "Every version of a persona, oldest first.")
    static final class History implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The persona.")
        String name;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new PersonaOps.ShowPersonaHistory(name), h -> {
                PrintWriter out = CoordCalls.out(spec);
                Columns t = new Columns("VERSION", "ADDED", "CHARS", "NOTE", "FIRST LINE");
                for (var p : h.versions())
                    t.row(
                            p.version(),
                            p.createdAt().toString(),
                            p.text().length(),
                            p.note() == null ? "-" : p.note(),
                            first(p.text().lines().findFirst().orElse("")));
                t.print(out);
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description = "Print the ignition prompt 'dispatch spawn NAME --persona P' would give.")
    static final class Render implements Callable<Integer> {
        @Option(
                names = "--agent",
                required = true,
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent it would be for.")
        String agent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT", description = "The spawn prompt.")
        String prompt;

        @Option(names = "--persona", paramLabel = "NAME[@V]", description = "The persona (none: the template alone).")
        String persona;

        @Option(names = "--task", paramLabel = "ID", description = "The task it would be given.")
        String task;

        @Mixin
        SpaceMixin space;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec, json, new PersonaOps.RenderPersona(space.resolve(), agent, persona, task, prompt), r -> {
                        PrintWriter out = CoordCalls.out(spec);
                        out.println(r.text());
                        out.flush();
                    });
            return ExitCode.OK.code();
        }
    }

    private static String first(String line) {
        return line.length() > 60 ? line.substring(0, 59) + "…" : line;
    }
}

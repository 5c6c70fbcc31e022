package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed completions and man page are generated from the command model; this test fails
 * when they are stale. Refresh them with:
 * {@code ./mvnw -q -o test -Dtest=DocsTest -Ddispatch.updateDocs=true}
 */
class DocsTest {
    static final Path ROOT = Path.of(System.getProperty("dispatch.basedir", "."));

    static Map<String, String> generated() {
        return Map.of(
                "completions/dispatch.bash", CompletionCommand.script("bash"),
                "completions/_dispatch", CompletionCommand.script("zsh"),
                "man/dispatch.1", ManPage.render(Cli.commandLine()));
    }

    @Test
    void committedDocsMatchTheCommandModel() throws IOException {
        boolean update = Boolean.getBoolean("dispatch.updateDocs");
        for (var e : generated().entrySet()) {
            Path file = ROOT.resolve(e.getKey());
            if (update) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            }
            assertThat(file)
                    .as("%s is missing: run the refresh command in DocsTest's header", e.getKey())
                    .exists();
            assertThat(Files.readString(file))
                    .as("%s is stale: ./mvnw -q -o test -Dtest=DocsTest -Ddispatch.updateDocs=true", e.getKey())
                    .isEqualTo(e.getValue());
        }
    }

    @Test
    void manPageDocumentsEveryExitCodeAndCommand() {
        String man = ManPage.render(Cli.commandLine());
        for (ExitCode c : ExitCode.values())
            assertThat(man).contains(c.meaning().replace("-", "\\-"));
        for (var sub : Cli.commandLine().getSubcommands().entrySet())
            if (!sub.getValue().getCommandSpec().usageMessage().hidden()) // __complete: for the shell scripts
            assertThat(man).contains("dispatch " + sub.getKey());
    }

    @Test
    void subcommandNamesMatchTheirCommandAnnotations() {
        for (CommandTree.Node n : CommandTree.COMMANDS) {
            assertThat(n.type().getAnnotation(picocli.CommandLine.Command.class).name())
                    .isEqualTo(n.name());
            for (CommandTree.Node sub : n.subs()) {
                assertThat(sub.type()
                                .getAnnotation(picocli.CommandLine.Command.class)
                                .name())
                        .as("%s %s", n.name(), sub.name())
                        .isEqualTo(sub.name());
            }
        }
    }

    @Test
    void completionCoversEverySubcommand() {
        String bash = CompletionCommand.script("bash");
        for (String sub : Cli.commandLine().getSubcommands().keySet())
            assertThat(bash).contains(sub);
    }
}

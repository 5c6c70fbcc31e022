package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.lsp.LspServers;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics pane on a real terminal (tmux) with the real engine, a real clangd and the scripted
 * model: the agent's edit breaks main.c; the header shows clangd ready and the error count; F4 shows
 * the file with the error and its icon, and that the agent was shown it; Enter shows its range and
 * source; the agent's fix clears it, live. Once with the workbench hosting the engine, once attached
 * to a daemon.
 */
@Tag("slow")
class DiagnosticsPaneTmuxTest {
    static final String GOOD = "    int x = 1;";
    static final String BAD = "    int x = missing;";

    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        LspServers.require("clangd", "Debian package clangd");
        home = Files.createTempDirectory(Path.of("/tmp"), "dp-"); // short: Unix socket paths are limited
        project = Files.createDirectories(home.resolve("project"));
        Files.createDirectories(project.resolve(".git"));
        Files.writeString(project.resolve("compile_flags.txt"), "-Wall\n");
        Files.writeString(project.resolve("main.c"), "int main(void) {\n" + GOOD + "\n    return x;\n}\n");
        model = ScriptedModelServer.start();
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: t, provider: scripted, secret: "%s" } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                default_model: fast
                lsp: { diagnostics_timeout: 30s }
                daemon: { port: 0 }
                """
                        .formatted(model.baseUrl(), ScriptedModelServer.CANARY_KEY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        model.forConversation("BREAK")
                .replyToolCalls(ScriptedModelServer.call("r1", "read_file", "{\"path\":\"main.c\"}"))
                .replyToolCalls(ScriptedModelServer.call("e1", "edit_file", edit(GOOD, BAD)))
                .replyText("broken it")
                .replyToolCalls(ScriptedModelServer.call("e2", "edit_file", edit(BAD, GOOD)))
                .replyText("fixed it");
    }

    private static String edit(String from, String to) {
        return "{\"path\":\"main.c\",\"old_string\":\"" + from + "\",\"new_string\":\"" + to + "\"}";
    }

    @AfterEach
    void tearDown() throws Exception {
        if (model == null) return;
        model.close();
        DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void anEditBreaksAFileThePaneShowsItAndTheFixClearsIt() throws Exception {
        breakAndFix("in-process");
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
        breakAndFix("daemon");
    }

    private void breakAndFix(String engineKind) throws Exception {
        try (TmuxPane tui = TmuxPane.start(home, project, 150, 40)) {
            tui.waitFor("the workbench", s -> s.contains("Dispatch") && s.contains(engineKind));
            tui.type("BREAK main.c please");
            answerPromptsUntil(tui, "broken it");
            // the header: clangd ready, one error
            String header = tui.waitFor("clangd ready with one error", s -> s.contains("lsp clangd✓ ✗1 ⚠0"));
            assertThat(header).contains("lsp clangd✓");

            tui.key("F4");
            String pane = tui.waitFor(
                    "the pane with the error",
                    s -> s.contains("Diagnostics · ✗ 1 error") && s.contains("main.c  ✗1 ⚠0"));
            assertThat(pane)
                    .contains("clangd ✓ running")
                    .containsIgnoringCase("✗ 2:13  use of undeclared identifier 'missing'")
                    .contains("seen by main");
            tui.key("Down");
            tui.key("Enter");
            String details = tui.waitFor("the details", s -> s.contains("range      main.c 2:13"));
            assertThat(details)
                    .contains("severity   error")
                    .contains("source     clang")
                    .containsIgnoringCase("message    use of undeclared identifier 'missing'")
                    .contains("shown to   main");
            tui.key("Escape"); // the pane closes; the keys are the input's again
            // (waited for: ESC and the next typed letter in one read would be alt+letter to a terminal)
            tui.waitFor("the pane closed", s -> !s.contains("Diagnostics ·"));

            tui.type("now FIX it");
            answerPromptsUntil(tui, "fixed it");
            tui.waitFor("the counts gone from the header", s -> s.contains("lsp clangd✓") && !s.contains("✗1"));
            tui.key("F4");
            String clean = tui.waitFor(
                    "the pane, clean",
                    s -> s.contains("Diagnostics · ✗ 0 errors") && s.contains("no errors or warnings"));
            assertThat(clean).doesNotContain("main.c  ✗");
            tui.key("F4");
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
    }

    /** Waits for {@code text}, answering "once" to any permission prompt on the way (the mode decides). */
    private static void answerPromptsUntil(TmuxPane tui, String text) throws Exception {
        for (int i = 0; i < 4; i++) {
            String s = tui.waitFor(text + " or a permission prompt", x -> x.contains(text) || x.contains("[o] once"));
            if (s.contains(text) && !s.contains("[o] once")) return;
            tui.key("o");
            Thread.sleep(300);
        }
        tui.waitFor(text, x -> x.contains(text));
    }
}

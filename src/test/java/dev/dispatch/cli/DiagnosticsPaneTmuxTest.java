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
 * The diagnostics pane on a real terminal (tmux) with the real engine, a real language server and the
 * scripted model: the agent's edit breaks a file; the header shows the server ready and the error
 * count; F4 shows the file with the error and its icon, and that the agent was shown it; Enter shows
 * its range and source; the agent's fix clears it, live. For each of clangd, pylsp and the TypeScript
 * server with the workbench hosting the engine, and for clangd attached to a daemon as well.
 */
@Tag("slow")
class DiagnosticsPaneTmuxTest {
    /** One server's scenario: the file, the project marker, the good and bad line, what the pane shows. */
    record Lang(
            String server,
            String command,
            String install,
            String file,
            String marker,
            String markerText,
            String before,
            String good,
            String after,
            String bad,
            String position,
            String message,
            String source) {
        String content(String line) {
            return before + line + after;
        }
    }

    static final Lang CLANGD = new Lang(
            "clangd",
            "clangd",
            "Debian package clangd",
            "main.c",
            "compile_flags.txt",
            "-Wall\n",
            "int main(void) {\n",
            "    int x = 1;",
            "\n    return x;\n}\n",
            "    int x = missing;",
            "2:13",
            "use of undeclared identifier 'missing'",
            "clang");
    static final Lang PYTHON = new Lang(
            "python",
            "pylsp",
            "Debian package python3-pylsp and python3-pyflakes",
            "app.py",
            "pyproject.toml",
            "[project]\nname = \"x\"\n",
            "def f():\n",
            "    return 1",
            "\n",
            "    return undefined_name",
            "2:12",
            "undefined name 'undefined_name'",
            "pyflakes");
    static final Lang TYPESCRIPT = new Lang(
            "typescript",
            "typescript-language-server",
            "npm typescript-language-server typescript",
            "a.ts",
            "tsconfig.json",
            "{\"compilerOptions\":{\"strict\":true}}\n",
            "",
            "export const n: number = 1;",
            "\n",
            "export const n: number = true;",
            "1:14",
            "not assignable to type 'number'",
            "typescript");

    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "dp-"); // short: Unix socket paths are limited
        project = Files.createDirectories(home.resolve("project"));
        Files.createDirectories(project.resolve(".git"));
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
    }

    /** The project and the model's script for {@code l}: read the file, break it, answer; fix it, answer. */
    private void prepare(Lang l) throws Exception {
        LspServers.require(l.command(), l.install());
        Files.writeString(project.resolve(l.marker()), l.markerText());
        Files.writeString(project.resolve(l.file()), l.content(l.good()));
        model.forConversation("BREAK")
                .replyToolCalls(ScriptedModelServer.call("r1", "read_file", "{\"path\":\"" + l.file() + "\"}"))
                .replyToolCalls(ScriptedModelServer.call("e1", "edit_file", edit(l, l.good(), l.bad())))
                .replyText("broken it")
                .replyToolCalls(ScriptedModelServer.call("e2", "edit_file", edit(l, l.bad(), l.good())))
                .replyText("fixed it");
    }

    private static String edit(Lang l, String from, String to) {
        String json = "{\"path\":\"%s\",\"old_string\":\"%s\",\"new_string\":\"%s\"}";
        return json.formatted(l.file(), from, to);
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
    void clangdAnEditBreaksAFileThePaneShowsItAndTheFixClearsIt() throws Exception {
        breakAndFix(CLANGD, "in-process");
    }

    @Test
    void pylspTheSame() throws Exception {
        breakAndFix(PYTHON, "in-process");
    }

    @Test
    void typescriptTheSame() throws Exception {
        breakAndFix(TYPESCRIPT, "in-process");
    }

    @Test
    void clangdAttachedToADaemon() throws Exception {
        prepare(CLANGD);
        DispatchProcess.Run started = DispatchProcess.run(home, project, LspServers.env(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
        breakAndFix(CLANGD, "daemon");
    }

    private void breakAndFix(Lang l, String engineKind) throws Exception {
        if (engineKind.equals("in-process")) prepare(l);
        Map<String, String> path = Map.of("PATH", LspServers.env().get("PATH"));
        try (TmuxPane tui = TmuxPane.start(home, project, 150, 40, path)) {
            tui.waitFor("the workbench", s -> s.contains("Dispatch") && s.contains(engineKind));
            tui.type("BREAK " + l.file() + " please");
            answerPromptsUntil(tui, "broken it");
            // the header: the server ready, one error
            String ready = "lsp " + l.server() + "✓";
            tui.waitFor(l.server() + " ready with one error", s -> s.contains(ready + " ✗1 ⚠0"));

            tui.key("F4");
            String pane = tui.waitFor(
                    "the pane with the error",
                    s -> s.contains("Diagnostics · ✗ 1 error") && s.contains(l.file() + "  ✗1 ⚠0"));
            assertThat(pane)
                    .contains(l.server() + " ✓ running")
                    .containsIgnoringCase("✗ " + l.position() + "  ")
                    .containsIgnoringCase(l.message())
                    .contains("seen by main");
            tui.key("Down");
            tui.key("Enter");
            String details = tui.waitFor("the details", s -> s.contains("range      " + l.file() + " " + l.position()));
            assertThat(details)
                    .contains("severity   error")
                    .contains("source     " + l.source())
                    .containsIgnoringCase(l.message())
                    .contains("shown to   main");
            tui.key("Escape"); // the pane closes; the keys are the input's again
            // (waited for: ESC and the next typed letter in one read would be alt+letter to a terminal)
            tui.waitFor("the pane closed", s -> !s.contains("Diagnostics ·"));

            tui.type("now FIX it");
            answerPromptsUntil(tui, "fixed it");
            tui.waitFor("the counts gone from the header", s -> s.contains(ready) && !s.contains("✗1"));
            tui.key("F4");
            String clean = tui.waitFor(
                    "the pane, clean",
                    s -> s.contains("Diagnostics · ✗ 0 errors") && s.contains("no errors or warnings"));
            assertThat(clean).doesNotContain(l.file() + "  ✗");
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

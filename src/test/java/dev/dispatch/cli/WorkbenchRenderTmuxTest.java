package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
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
 * Issue 25 (rendering) in the real workbench on a real terminal (tmux), real engine, scripted model:
 * a markdown reply shows as rendered markdown (heading, list, highlighted code block; no raw
 * {@code ```} fence or {@code **} anywhere in the pane, scrollback included), and an {@code edit_file}
 * call outside the project (so it asks) shows its numbered diff in the permission prompt, and in the
 * chat once allowed. Once
 * with the workbench hosting the engine, once attached to a daemon.
 */
@Tag("slow")
class WorkbenchRenderTmuxTest {
    static final String REPLY =
            """
            ## Release plan

            1. Bump the **version**
            2. Run `mvn verify`

            ```java
            int port = 8080; // the new port
            ```
            """;

    private Path home;
    private Path project;
    /** Outside the project: editing there asks, so the prompt's diff is on screen. */
    private Path outside;

    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "wr-"); // short: Unix socket paths are limited
        // daemon.port 0 (below): a free TCP port, so a daemon of another test on this machine is no clash
        project = Files.createDirectories(home.resolve("project"));
        outside = Files.createTempDirectory(Path.of("/tmp"), "wr-out-");
        Files.writeString(outside.resolve("App.java"), "class App {\n    int port = 80;\n}\n");
        model = ScriptedModelServer.start();
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: t, provider: scripted, secret: "%s" } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                default_model: fast
                daemon: { port: 0 }
                """
                        .formatted(model.baseUrl(), ScriptedModelServer.CANARY_KEY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        ObjectNode edit = Json.mapper()
                .createObjectNode()
                .put("path", outside.resolve("App.java").toString())
                .put("old_string", "    int port = 80;")
                .put("new_string", "    int port = 8080;\n    boolean tls = true;");
        model.forConversation("RENDER")
                .replyText(REPLY)
                .replyToolCalls(ScriptedModelServer.call("c_edit", "edit_file", edit.toString()))
                .replyText("port changed");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
        for (Path dir : new Path[] {home, outside}) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void markdownAndAnEditDiffInTheWorkbench() throws Exception {
        renders("in-process");
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
        renders("daemon");
    }

    private void renders(String engineKind) throws Exception {
        try (TmuxPane tui = TmuxPane.start(home, project, 140, 40)) {
            tui.waitFor("the workbench", s -> s.contains("Dispatch") && s.contains(engineKind));
            tui.type("RENDER show the plan");
            String md = tui.waitFor("the rendered reply", s -> s.contains("│ int port = 8080; // the new port"));
            assertThat(md)
                    .contains("▌ Release plan")
                    .contains("1. Bump the version")
                    .contains("2. Run mvn verify")
                    .contains("╭─ java")
                    .doesNotContain("```")
                    .doesNotContain("**")
                    .doesNotContain("## Release");

            tui.type("now edit it");
            String asked = tui.waitFor("the permission prompt for the edit", x -> x.contains("[o] once"));
            assertThat(asked)
                    .contains("Permission needed")
                    .contains("Change:    +2 -1")
                    .contains("@@ -1,3 +1,4 @@")
                    .contains("1   class App {")
                    .contains("2 -     int port = 80;")
                    .contains("2 +     int port = 8080;")
                    .contains("3 +     boolean tls = true;");
            tui.key("o");
            String done = tui.waitFor("the diff in the chat", s -> s.contains("port changed"));
            assertThat(done)
                    .contains("≡ edit_file  " + outside.resolve("App.java"))
                    .contains("+2 -1")
                    .contains("@@ -1,3 +1,4 @@")
                    .contains("2 -     int port = 80;")
                    .contains("2 +     int port = 8080;")
                    .contains("3 +     boolean tls = true;");
            assertThat(Files.readString(outside.resolve("App.java"))).contains("int port = 8080;");
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
    }
}

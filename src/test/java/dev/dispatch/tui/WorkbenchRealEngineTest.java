package dev.dispatch.tui;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbench on the real engine: a typed prompt reaches the scripted model through the agent
 * loop, the model's write outside the project asks, the modal shows it, one key approves it, and the
 * tool's result and the answer are rendered.
 */
class WorkbenchRealEngineTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    @TempDir
    Path elsewhere;

    @Test
    void promptToolCallModalApproveResultOnTheRealEngine() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Path target = elsewhere.resolve("notes.txt");
            server.replyToolCalls(call("c1", "write_file", "{\"path\":\"" + target + "\",\"content\":\"approved\\n\"}"))
                    .replyText("Saved your notes outside the project.");
            Files.createDirectories(home.resolve("config"));
            Files.writeString(
                    home.resolve("config/config.yaml"),
                    """
                    providers: { scripted: { type: anthropic, base_url: "%s" } }
                    keys: [ { id: t, provider: scripted, env: SCRIPTED_KEY } ]
                    models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                    default_model: fast
                    """
                            .formatted(server.baseUrl()));
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            Map<String, String> env = Map.of(
                    "DISPATCH_HOME",
                    home.toString(),
                    "SCRIPTED_KEY",
                    ScriptedModelServer.CANARY_KEY,
                    "PATH",
                    System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            try (Engine engine = Engines.local(dirs, env)) {
                var v = new VirtualWorkbench(engine, project.toString(), 110, 32);
                v.await("fast");
                // the task board waits for the space the description names: never "space is empty" at start
                assertThat(v.text()).doesNotContain("space is empty").doesNotContain("unknown:");
                v.type("save my notes").key(KeyType.Enter);
                v.await("Permission needed");
                assertThat(v.text()).contains("write_file").contains(target.toString());
                assertThat(target).doesNotExist();
                v.type("o");
                v.await("Saved your notes outside the project.");
                assertThat(target).hasContent("approved");
                assertThat(v.text()).doesNotContain("Permission needed");
                assertThat(server.requests().get(1).body()).contains("c1").doesNotContain("permission denied");
            }
        }
    }
}

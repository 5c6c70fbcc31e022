package dev.dispatch.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.LspConfig;
import dev.dispatch.protocol.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager against real servers: an edit's report names the error it made, the fix resolves it. */
class LspManagerTest {
    @TempDir
    Path tmp;

    final List<Event> events = new CopyOnWriteArrayList<>();

    LspManager manager() {
        LspConfig c = new LspConfig(true, true, true, Duration.ofSeconds(20), Duration.ofSeconds(30), Map.of());
        return new LspManager(root -> c, LspServers.env(), events::add);
    }

    @Test
    void clangdReportsTheErrorAnEditMadeAndItsFix() throws Exception {
        LspServers.require("clangd", "Debian package clangd");
        scenario(
                "main.c",
                "int main(void) {\n    int x = 1;\n    return x;\n}\n",
                "int main(void) {\n    int x = missing;\n    return x;\n}\n",
                "undeclared identifier");
    }

    @Test
    void pylspReportsTheErrorAnEditMadeAndItsFix() throws Exception {
        LspServers.require("pylsp", "Debian package python3-pylsp");
        scenario("app.py", "def f():\n    return 1\n", "def f():\n    return undefined_name\n", "undefined name");
    }

    @Test
    void typescriptReportsTheErrorAnEditMadeAndItsFix() throws Exception {
        LspServers.require("typescript-language-server", "npm typescript-language-server typescript");
        LspServers.write(tmp.resolve("tsconfig.json"), "{\"compilerOptions\":{\"strict\":true}}\n");
        scenario("a.ts", "export const n: number = 1;\n", "export const n: number = \"one\";\n", "not assignable");
    }

    private void scenario(String name, String good, String bad, String expected) throws Exception {
        Path root = tmp.toRealPath();
        Path file = LspServers.write(root.resolve(name), good);
        try (LspManager m = manager()) {
            var first = m.afterWrite(root, file).orElseThrow();
            assertThat(first.text()).contains("no errors or warnings");
            LspServers.write(file, bad);
            var broke = m.afterWrite(root, file).orElseThrow();
            assertThat(broke.text()).contains("1 new").containsIgnoringCase(expected);
            assertThat(m.diagnostics(root, name).errors()).isEqualTo(1);
            LspServers.write(file, good);
            var fixed = m.afterWrite(root, file).orElseThrow();
            assertThat(fixed.text()).contains("0 new, 1 resolved");
            assertThat(m.diagnostics(root, null).errors()).isZero();
        }
    }
}

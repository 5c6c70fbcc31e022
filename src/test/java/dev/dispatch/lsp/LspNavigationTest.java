package dev.dispatch.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.config.LspConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Definition, references, hover and symbols against real servers, in the 1-based line:column the
 * file tools use; files the asker may not see are withheld; the toggle turns them off.
 */
class LspNavigationTest {
    @TempDir
    Path tmp;

    static final LspConfig ON =
            new LspConfig(true, true, true, Duration.ofSeconds(20), Duration.ofSeconds(30), Map.of());

    @Test
    void clangdAnswersInOneBasedPositions() throws Exception {
        LspServers.require("clangd", "Debian package clangd");
        Path root = tmp.toRealPath();
        LspServers.write(root.resolve("compile_flags.txt"), "-Wall\n");
        Path file = LspServers.write(
                root.resolve("main.c"),
                "int add(int a, int b) { return a + b; }\nint main(void) {\n    int x = add(1, 2);\n    return add(x, 3);\n}\n");
        try (LspManager m = new LspManager(r -> ON, LspServers.env(), e -> {})) {
            LspManager.Navigator nav = m.navigator(root, p -> true);
            assertThat(nav.definition(file, 3, 13)).startsWith("main.c:1:5").contains("int add(int a, int b)");
            assertThat(nav.references(file, 1, 5).lines())
                    .anyMatch(l -> l.startsWith("main.c:1:5"))
                    .anyMatch(l -> l.startsWith("main.c:3:13"))
                    .anyMatch(l -> l.startsWith("main.c:4:12"));
            assertThat(nav.hover(file, 3, 13)).contains("int add(int a, int b)");
            assertThat(nav.symbols("ad")).contains("add (function) main.c:1:5");
            assertThat(m.navigator(root, p -> !p.endsWith("main.c")).definition(file, 3, 13))
                    .isEqualTo("no definition found there (1 in files you may not read)");
        }
    }

    @Test
    void pylspSymbolsComeFromTheOpenDocumentsWhenItCannotSearchTheWorkspace() throws Exception {
        LspServers.require("pylsp", "Debian package python3-pylsp");
        Path root = tmp.toRealPath();
        Path file = LspServers.write(
                root.resolve("shapes.py"),
                "class Circle:\n    def area(self):\n        return 3\n\n\ndef make():\n    return Circle()\n");
        try (LspManager m = new LspManager(r -> ON, LspServers.env(), e -> {})) {
            LspManager.Navigator nav = m.navigator(root, p -> true);
            assertThat(nav.definition(file, 7, 12)).startsWith("shapes.py:1:7");
            m.opened(root, file);
            assertThat(nav.symbols("circ")).contains("Circle (class) shapes.py:1:");
        }
    }

    @Test
    void theToggleTurnsNavigationOffWithTheReason() {
        LspConfig off = new LspConfig(true, true, false, ON.diagnosticsTimeout(), ON.startTimeout(), Map.of());
        try (LspManager m = new LspManager(r -> off, LspServers.env(), e -> {})) {
            assertThatThrownBy(() -> m.navigator(tmp, p -> true)).hasMessageContaining("lsp.navigation_tools: false");
        }
    }
}

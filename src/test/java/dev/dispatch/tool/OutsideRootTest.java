package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file tool refuses paths whose real location is outside the project root, and nothing outside
 * changes. The root is {@code TMP/a/b/ws}, so {@code ../../etc/passwd} names {@code TMP/a/etc/passwd}:
 * the classic escape string, harmless if a bug let it through.
 */
class OutsideRootTest {
    @TempDir
    Path tmp;

    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
        Files.createSymbolicLink(ws.root.resolve("out"), ws.outside);
        Files.createSymbolicLink(ws.root.resolve("s.txt"), ws.outside.resolve("secret.txt"));
        Files.createSymbolicLink(ws.root.resolve("dangling.txt"), ws.outside.resolve("created-by-bug.txt"));
        Files.createSymbolicLink(ws.root.resolve("loop1"), ws.root.resolve("loop2"));
        Files.createSymbolicLink(ws.root.resolve("loop2"), ws.root.resolve("loop1"));
    }

    /** Escapes: `..`, absolute, a sibling sharing the root's name as a prefix, symlinks to a dir and a file. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../etc/passwd",
                "a/./../../../etc/passwd",
                "/etc/hosts",
                "../ws-evil/x",
                "ABS_EVIL",
                "out/secret.txt",
                "s.txt"
            })
    void readFileRefuses(String path) throws Exception {
        assertDenied(ws.call("read_file", args("path", path(path))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../etc/passwd",
                "ABS_OUTSIDE_NEW",
                "../ws-evil/x",
                "ABS_EVIL",
                "out/new.txt",
                "out/secret.txt",
                "s.txt",
                "dangling.txt"
            })
    void writeFileRefusesAndCreatesNothing(String path) throws Exception {
        assertDenied(ws.call("write_file", args("path", path(path), "content", "pwned")));
        assertThat(ws.outside.resolve("created-by-bug.txt")).doesNotExist();
        assertThat(ws.outside.resolve("new.txt")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../etc/passwd",
                "/etc/hosts",
                "../ws-evil/x",
                "ABS_EVIL",
                "out/secret.txt",
                "s.txt",
                "dangling.txt"
            })
    void editFileRefuses(String path) throws Exception {
        // old_string matches the fixture files (root, evil, secret) and never /etc/hosts
        String old = path.equals("/etc/hosts") ? "dispatch-never-present" : path.contains("passwd") ? "root" : "e";
        assertDenied(ws.call("edit_file", args("path", path(path), "old_string", old, "new_string", "pwned")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../..", "/etc", "../ws-evil", "ABS_EVIL_DIR", "out"})
    void listFilesRefuses(String path) throws Exception {
        assertDenied(ws.call("list_files", args("path", path(path))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/hosts", "..", "../ws-evil", "out", "s.txt"})
    void grepRefuses(String path) throws Exception {
        assertDenied(ws.call("grep", args("pattern", ".", "path", path(path))));
    }

    @Test
    void symlinkLoopIsAClearErrorForEveryFileTool() throws Exception {
        for (String tool : new String[] {"read_file", "write_file", "edit_file", "list_files", "grep"}) {
            String call =
                    switch (tool) {
                        case "write_file" -> args("path", "loop1/x", "content", "c");
                        case "edit_file" -> args("path", "loop1/x", "old_string", "a", "new_string", "b");
                        case "grep" -> args("pattern", "a", "path", "loop1/x");
                        default -> args("path", "loop1/x");
                    };
            ToolResult r = ws.call(tool, call);
            assertThat(r.isError()).as(tool).isTrue();
            assertThat(r.text()).as(tool).contains("symbolic link loop").contains("loop1");
        }
        ws.assertNothingOutsideChanged();
    }

    @Test
    void searchingTheWholeRootNeverFollowsLinksOut() throws Exception {
        ToolResult grep = ws.call("grep", args("pattern", "secret|pwned|root:x"));
        assertThat(grep.isError()).isFalse();
        assertThat(grep.text()).isEqualTo("no matches for secret|pwned|root:x\n");
        assertThat(ws.call("list_files", args()).text()).doesNotContain("out/").doesNotContain("secret");
    }

    @Test
    void homeIsNeverExpandedByFileTools() throws Exception {
        for (String path : new String[] {"~/.ssh/id_rsa", "$HOME/.bashrc", "${HOME}/.profile"}) {
            ToolResult r = ws.call("read_file", args("path", path));
            assertThat(r.text())
                    .as(path)
                    .isEqualTo("no such file: " + path + " (paths are relative to the project root)");
        }
        assertThat(ws.call("write_file", args("path", "~/x", "content", "c")).isError())
                .isFalse();
        assertThat(ws.root.resolve("~/x")).hasContent("c");
        ws.assertNothingOutsideChanged();
    }

    @Test
    void encodedDotsAreJustANameInsideTheRoot() throws Exception {
        ToolResult r = ws.call("write_file", args("path", "%2e%2e/x.txt", "content", "c"));
        assertThat(r.isError()).isFalse();
        assertThat(ws.root.resolve("%2e%2e/x.txt")).hasContent("c");
        ws.assertNothingOutsideChanged();
    }

    @Test
    void symlinksThatStayInsideAreFine() throws Exception {
        ws.write("src/A.java", "class A {}\n");
        Files.createSymbolicLink(ws.root.resolve("alias"), ws.root.resolve("src"));
        assertThat(ws.call("read_file", args("path", "alias/A.java")).text()).contains("class A {}");
        assertThat(ws.call("grep", args("pattern", "class", "path", "alias")).text())
                .contains("src/A.java:1: class A {}");
    }

    private void assertDenied(ToolResult r) throws Exception {
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).startsWith("permission denied: ").contains("outside the project root " + ws.root);
        ws.assertNothingOutsideChanged();
    }

    private String path(String name) {
        return switch (name) {
            case "ABS_EVIL" -> ws.evil.resolve("x").toString();
            case "ABS_EVIL_DIR" -> ws.evil.toString();
            case "ABS_OUTSIDE_NEW" -> ws.outside.resolve("new.txt").toString();
            default -> name;
        };
    }

    private static String args(String... pairs) {
        var node = dev.dispatch.protocol.Json.mapper().createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) node.put(pairs[i], pairs[i + 1]);
        return node.toString();
    }
}

package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Confinement;
import dev.dispatch.permission.DecisionLog;
import dev.dispatch.permission.Mode;
import dev.dispatch.permission.Policy;
import dev.dispatch.permission.PolicyGate;
import dev.dispatch.permission.Rules;
import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16 class 8: every file tool obeys {@code permissions.deny} path rules through the one gate.
 * {@code read_file} is refused, {@code grep} neither searches nor shows denied files, and
 * {@code list_files} withholds them, each saying how many it withheld. The rules are this repository's
 * own dispatch.yaml forms ({@code target/**}, …) plus {@code **}{@code /.env}, a bare name, an
 * absolute glob and {@code ~/x}; the home directory is put inside the project so {@code ~/x} is
 * something a walk meets.
 */
class DenyRulesTest {
    /** This repository's dispatch.yaml deny list, plus the other forms. */
    static final List<String> REPO_DENY = List.of("target/**", ".mvn/wrapper/**", "man/**", "completions/**");

    @TempDir
    Path tmp;

    Path root;
    final List<DecisionLog.Entry> log = new CopyOnWriteArrayList<>();
    ToolContext ctx;
    final ToolRegistry tools = ToolRegistry.standard();

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path home = Files.createDirectories(root.resolve("home"));
        for (String denied : List.of(
                "target/classes/A.class",
                ".mvn/wrapper/maven-wrapper.properties",
                "man/dispatch.1",
                "completions/dispatch.bash",
                ".env",
                "sub/deep/.env",
                "private/key.txt",
                "private/nested/k2.txt",
                "home/x",
                "sub/id.pem")) {
            write(denied, "needle denied " + denied + "\n");
        }
        write("src/Main.java", "needle visible\n");
        write("sub/deep/ok.txt", "needle visible too\n");
        write("home/y", "needle in home but not ~/x\n");
        write("target-notes.md", "needle: a sibling name is not target/\n");
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("private"));
        List<String> deny = new java.util.ArrayList<>(REPO_DENY);
        deny.addAll(List.of("**/.env", "*.pem", root + "/private/**", "~/x", "git push*"));
        Policy policy =
                new Policy(root, new Rules(List.of(), deny, home, root), List.of(tmp.resolve("dispatch")), home);
        PolicyGate gate = new PolicyGate(
                "agt_t",
                policy,
                Mode.DENY,
                prompt -> {
                    throw new AssertionError("deny mode never prompts");
                },
                log::add,
                dir -> "test",
                Confinement.Network.ON,
                InstantSource.system());
        ctx = ToolContext.of(root, "agt_t", "ses_t", gate);
    }

    @Test
    void grepNeitherSearchesNorShowsDeniedFiles() throws Exception {
        ToolResult r = call("grep", "pattern", "needle");
        assertThat(r.isError()).isFalse();
        assertThat(r.text())
                .doesNotContain("denied")
                .contains("src/Main.java:1: needle visible")
                .contains("sub/deep/ok.txt:1:")
                .contains("home/y:1:")
                .contains("target-notes.md:1:");
        // 'private/**' names the folder itself: it counts once
        assertThat(r.text()).contains("[9 entries withheld by the permission rules");
        assertThat(r.metadata()).containsEntry("withheld", 9).containsEntry("matches", 4);
        // the quiet check logs nothing: one decision for the call itself
        assertThat(log).hasSize(1);
    }

    @Test
    void listFilesWithholdsDeniedEntries() throws Exception {
        ToolResult r = call("list_files");
        assertThat(r.isError()).isFalse();
        assertThat(r.text().lines().filter(l -> !l.startsWith("[")))
                .containsExactly("home/y", "src/Main.java", "sub/deep/ok.txt", "target-notes.md");
        // 'private/**' names the folder itself, so a link to it is withheld too; target/classes and private
        // count once each
        assertThat(r.text()).contains("[10 entries withheld by the permission rules");
        assertThat(call("list_files", "glob", "**/*.class").text()).startsWith("no files match **/*.class in .");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "target/classes/A.class",
                ".mvn/wrapper/maven-wrapper.properties",
                "man/dispatch.1",
                "completions/dispatch.bash",
                ".env",
                "sub/deep/.env",
                "private/key.txt",
                "alias/key.txt",
                "home/x",
                "sub/id.pem"
            })
    void everyToolRefusesADeniedPathNamedDirectly(String path) throws Exception {
        for (ToolResult r : List.of(
                call("read_file", "path", path),
                call("grep", "pattern", "needle", "path", path),
                call("write_file", "path", path, "content", "x"),
                call("edit_file", "path", path, "old_string", "needle", "new_string", "x"))) {
            assertThat(r.isError()).as(path).isTrue();
            assertThat(r.text()).as(path).startsWith("permission denied: ").contains("permissions.deny");
        }
        assertThat(Files.readString(root.resolve(path))).startsWith("needle denied");
    }

    @ParameterizedTest
    @ValueSource(strings = {"target", "private", "alias", "man", ".mvn/wrapper"})
    void walkingADeniedDirectoryIsRefusedOrFindsNothing(String dir) throws Exception {
        ToolResult grep = call("grep", "pattern", "needle", "path", dir);
        ToolResult list = call("list_files", "path", dir);
        for (ToolResult r : List.of(grep, list)) {
            if (!r.isError())
                assertThat(r.text()).as(dir).doesNotContain("denied").contains("withheld");
            else assertThat(r.text()).as(dir).contains("permissions.deny");
        }
        assertThat(grep.text()).doesNotContain("needle denied");
    }

    @Test
    void userConfigRelativeGlobsMatchAtAnyDepth() throws Exception {
        Rules rules = new Rules(List.of(), List.of("secrets/**", "*id_rsa"), tmp);
        Policy p = new Policy(root, rules, List.of(), tmp);
        write("a/secrets/k", "needle denied\n");
        write("b/id_rsa", "needle denied\n");
        ToolContext plain = ToolContext.of(
                root,
                "agt",
                "ses",
                new PolicyGate(
                        "agt",
                        p,
                        Mode.DENY,
                        prompt -> {
                            throw new AssertionError();
                        },
                        DecisionLog.NONE,
                        dir -> "",
                        Confinement.Network.ON,
                        InstantSource.system()));
        ToolResult r = tools.call("grep", args("pattern", "needle", "path", "."), plain);
        assertThat(r.text())
                .doesNotContain("a/secrets/k")
                .doesNotContain("b/id_rsa")
                .contains("src/Main.java");
    }

    private ToolResult call(String tool, String... pairs) throws InterruptedException {
        return tools.call(tool, args(pairs), ctx);
    }

    private void write(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String args(String... pairs) {
        var node = Json.mapper().createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) node.put(pairs[i], pairs[i + 1]);
        return node.toString();
    }
}

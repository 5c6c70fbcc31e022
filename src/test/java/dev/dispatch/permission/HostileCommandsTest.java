package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Evaluation.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shell corpus: hundreds of hostile command lines (and the ordinary work that must stay
 * allowed), each with the decision the real {@link Policy} must reach in ask mode, read from
 * {@code permission/hostile-commands.tsv}. The project is a temp dir with a {@code .git}, a
 * {@code .env}, deny rules and Dispatch's own directories configured as protected.
 */
class HostileCommandsTest {
    static final String CORPUS = "/permission/hostile-commands.tsv";
    static final List<String> DENY = List.of("**/.env", "~/.aws/**", "./secrets/**", "git push*", "npm publish*");

    @TempDir
    static Path base;

    static Path root;
    static Path home;
    static Path dispatchConfig;
    static Policy policy;

    @BeforeAll
    static void project() throws Exception {
        base = base.toRealPath();
        root = Files.createDirectories(base.resolve("project"));
        home = Files.createDirectories(base.resolve("home"));
        Files.createDirectories(root.resolve(".git/hooks"));
        Files.writeString(root.resolve(".git/config"), "[core]\n");
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/Main.java"), "class Main {}\n");
        Files.writeString(root.resolve(".env"), "KEY=secret\n");
        Files.createDirectories(root.resolve("secrets"));
        Files.writeString(root.resolve("README.md"), "# readme\n");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "k\n");
        dispatchConfig = home.resolve(".config/dispatch");
        Path dispatchData = home.resolve(".local/share/dispatch");
        policy = new Policy(root, new Rules(List.of(), DENY, home, root), List.of(dispatchConfig, dispatchData), home);
    }

    record Row(int line, Outcome expected, String command) {}

    static List<Row> rows() throws Exception {
        List<Row> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(HostileCommandsTest.class.getResourceAsStream(CORPUS), CORPUS),
                StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                if (tab < 0)
                    throw new IllegalStateException(CORPUS + ":" + n + ": no tab between decision and command");
                out.add(new Row(
                        n,
                        Outcome.valueOf(line.substring(0, tab)),
                        line.substring(tab + 1).replace("\\n", "\n")));
            }
        }
        return out;
    }

    static List<Arguments> corpus() throws Exception {
        return rows().stream()
                .map(r -> Arguments.of(r.line(), r.expected(), r.command()))
                .toList();
    }

    @ParameterizedTest(name = "line {0}: {1} {2}")
    @MethodSource("corpus")
    void judgesEveryLineAsExpected(int line, Outcome expected, String template) {
        String command = template.replace("@HOME@", home.toString())
                .replace("@ROOT@", root.toString())
                .replace("@DISPATCH@", dispatchConfig.toString());
        Evaluation e = policy.evaluate(PermissionRequest.execute(command, root, "corpus"));
        assertThat(e.outcome())
                .as("line %d: %s -> %s (%s)", line, command.replace("\n", "\\n"), e.outcome(), e.reason())
                .isEqualTo(expected);
        if (expected != Outcome.ALLOW) assertThat(e.reason()).isNotBlank();
    }

    @Test
    void theCorpusHasAtLeast300HostileLinesAnd40OrdinaryOnes() throws Exception {
        List<Row> rows = rows();
        assertThat(rows.stream().filter(r -> r.expected() != Outcome.ALLOW).count())
                .isGreaterThanOrEqualTo(300);
        assertThat(rows.stream().filter(r -> r.expected() == Outcome.ALLOW).count())
                .isGreaterThanOrEqualTo(40);
    }
}

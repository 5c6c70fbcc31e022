package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dispatch permission explain} reads a network program's URL or {@code host:path} as another
 * machine (a {@code network} reach), never as a path below the project; the local words around it are
 * still paths, and a program that opens files ({@code cat http://x}) still reads a local path. Also: a
 * very long command is analysed in bounded time.
 */
class RemoteTargetsTest {
    @TempDir
    Path tmp;

    Policy policy;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        policy = new Policy(root, new Rules(List.of(), List.of(), tmp, root), List.of(tmp.resolve("d")), tmp);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "curl http://x|http://x|",
                "wget -q https://example.com/a?b=c|https://example.com/a?b=c|",
                "git clone git@github.com:o/r.git vendor/r|git@github.com:o/r.git|vendor/r",
                "scp src/a.txt user@host:/etc/passwd|user@host:/etc/passwd|src/a.txt",
                "rsync -a out/ backup.example.com::module/x|backup.example.com::module/x|out",
                "ssh deploy@host uptime|deploy@host|",
                "git push ssh://git@host/o/r.git main|ssh://git@host/o/r.git|"
            })
    void aNetworkProgramsUrlIsAnotherMachine(String command, String remote, String local) {
        Explanation.Result r = Explanation.command(policy, command, root);
        assertThat(r.reaches())
                .filteredOn(x -> x.operation().equals(Explanation.NETWORK))
                .extracting(Explanation.Reach::path)
                .containsExactly(remote);
        // nothing below the project is named after the URL
        assertThat(r.reaches())
                .filteredOn(x -> !x.operation().equals(Explanation.NETWORK))
                .extracting(Explanation.Reach::path)
                .noneMatch(p -> p.contains(":") || p.contains("@"));
        if (local != null) {
            assertThat(r.reaches())
                    .extracting(Explanation.Reach::path)
                    .anyMatch(p -> p.equals(root.resolve(local).toString()));
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // a program that opens files reads a URL-shaped word as the local path it is
                "cat http://x/../../../../../../../../etc/passwd|/etc/passwd",
                // file: URLs are local files for every program
                "curl file:///etc/hostname|/etc/hostname",
                // a local word of a network program: an absolute or ./ path is never a host
                "scp /etc/shadow host:|/etc/shadow",
                "rsync -a ./a:b host:|a:b"
            })
    void aLocalFileIsStillAPath(String command, String path) {
        Explanation.Result r = Explanation.command(policy, command, root);
        assertThat(r.reaches())
                .filteredOn(x -> !x.operation().equals(Explanation.NETWORK))
                .extracting(Explanation.Reach::path)
                .anyMatch(p -> p.endsWith(path));
    }

    @Test
    void aVeryLongCommandIsAnalysedInBoundedTimeAndOneOverTheLimitAsks() {
        String below = "cat " + "a/b ".repeat((CommandAnalyser.MAX_COMMAND - 10) / 4);
        String braces = "cat " + "{a,b}".repeat(40);
        String nested = "echo " + "$(".repeat(2_000) + "x" + ")".repeat(2_000);
        String over = "cat " + "a/b ".repeat(100_000);
        StringBuilder distinct = new StringBuilder("cat");
        for (int i = 0; i < 3_000; i++) distinct.append(" d/f").append(i);
        String many = distinct.toString();
        for (String cmd : List.of(below, braces, nested, over, many, "echo '" + "x".repeat(500_000) + "'")) {
            long t0 = System.nanoTime();
            Evaluation e = policy.evaluate(PermissionRequest.execute(cmd, root, "t"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("%s… took %d ms", cmd.substring(0, 20), ms).isLessThan(5_000);
            if (cmd.length() > CommandAnalyser.MAX_COMMAND || cmd.equals(many)) {
                assertThat(e.outcome()).isEqualTo(Evaluation.Outcome.ASK);
                assertThat(e.reason()).containsAnyOf("not analysed", "not judged one by one");
            }
        }
        // a deny command pattern still meets an over-long line's start
        assertThat(policy.evaluate(PermissionRequest.execute("ls; " + "x".repeat(70_000), root, "t"))
                        .outcome())
                .isEqualTo(Evaluation.Outcome.ASK);
    }
}

package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes that are not UTF-8 can only reach argv from a real process: bash passes them through
 * ($'\xff'), the JVM decodes them to U+FFFD, and the command must refuse them, changing nothing.
 */
class InvalidUtf8ArgumentTest {
    @TempDir
    Path dir;

    @Test
    void invalidBytesInATextArgumentAreRefused() throws Exception {
        CoordFixtures.agents(dir);
        Map<String, Long> before = CoordFixtures.counts(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "exec '" + java + "' -cp \"$CP\" dev.dispatch.Main --data-dir '" + dir
                + "' msg send b $'caf\\xe9 \\xff' --from a --space proj";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        pb.environment().put("CP", System.getProperty("java.class.path"));
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(ExitCode.USAGE.code());
        assertThat(output).startsWith("dispatch: message text contains bytes that are not valid UTF-8");
        assertThat(CoordFixtures.counts(dir)).isEqualTo(before);
    }
}

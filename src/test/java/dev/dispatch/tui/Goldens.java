package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares a screen to {@code src/test/resources/dev/dispatch/tui/golden/NAME.txt}. Refresh every
 * golden after an intended change with:
 * {@code ./mvnw -B -o -q test -Dtest='*Golden*' -Ddispatch.updateGoldens=true}, then review the diff.
 */
final class Goldens {
    static final Path DIR =
            Path.of(System.getProperty("dispatch.basedir", ".")).resolve("src/test/resources/dev/dispatch/tui/golden");

    private Goldens() {}

    static void assertScreen(String name, String actual) {
        Path file = DIR.resolve(name + ".txt");
        try {
            if (Boolean.getBoolean("dispatch.updateGoldens")) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            }
            assertThat(file)
                    .as("golden %s is missing: run with -Ddispatch.updateGoldens=true", file)
                    .exists();
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                // a unified diff of golden → actual names the rows that changed, not two whole screens
                java.util.List<String> a = java.util.List.of(expected.split("\n", -1));
                java.util.List<String> b = java.util.List.of(actual.split("\n", -1));
                java.util.List<String> diff = com.github.difflib.UnifiedDiffUtils.generateUnifiedDiff(
                        "golden/" + name + ".txt", "actual", a, com.github.difflib.DiffUtils.diff(a, b), 2);
                throw new AssertionError("screen differs from " + file
                        + " (refresh with -Ddispatch.updateGoldens=true if intended):\n" + String.join("\n", diff));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

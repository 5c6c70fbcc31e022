package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, class 14: reading config is bounded. A huge file or line is refused at once (it used to
 * take 79 s for 16 MB, quadratic in SnakeYAML's window copying), a big but legal file loads in linear
 * time, and links to devices, FIFOs and directories are refused with a {@code file:} error instead of
 * running out of memory or hanging.
 */
class ConfigFilesTest {
    @TempDir
    Path tmp;

    ConfigFixture fx;
    String user;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(tmp);
        user = tmp.resolve("dh/config/config.yaml").toString();
    }

    private List<String> problems() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aSixteenMegabyteValueIsRefusedAtOnce() throws IOException {
        Path file = tmp.resolve("dh/config/config.yaml");
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("default_model: ");
            char[] chunk = "x".repeat(1 << 16).toCharArray();
            for (int i = 0; i < 256; i++) w.write(chunk);
            w.write("\n");
        }
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith(
                        user + ": the config file is 16777232 bytes," + " over the limit of 1048576 bytes (1024 KiB)");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aSixteenMegabyteTextIsRefusedByTheReaderItselfAndSoIsOneHugeLine() {
        String huge = "default_model: " + "x".repeat(16 << 20) + "\n";
        ConfigException all = catchThrowableOfType(
                ConfigException.class, () -> YamlReader.read(huge, Origin.Kind.USER_FILE, "c.yaml"));
        assertThat(all.problems().get(0).toString()).startsWith("c.yaml: the file has 16777232 characters");

        String longLine = "a: 1\ndefault_model: " + "x".repeat(YamlReader.MAX_LINE) + "\n";
        ConfigException line = catchThrowableOfType(
                ConfigException.class, () -> YamlReader.read(longLine, Origin.Kind.USER_FILE, "c.yaml"));
        assertThat(line.problems().get(0).toString())
                .startsWith("c.yaml:2:1: line 2 has " + (YamlReader.MAX_LINE + 15)
                        + " characters, over the limit of 65536");
    }

    /** Just under both limits, in every scalar style: parsing stays linear, so this takes well under a second. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFileJustUnderTheLimitsLoadsQuickly() {
        String word = "w".repeat(YamlReader.MAX_LINE - 40);
        StringBuilder yaml = new StringBuilder("agents:\n");
        int i = 0;
        while (yaml.length() < ConfigFiles.CONFIG_LIMIT - 3 * YamlReader.MAX_LINE) {
            String value =
                    switch (i % 3) {
                        case 0 -> word;
                        case 1 -> "\"" + word + "\"";
                        default -> "|\n      " + word;
                    };
            yaml.append("  - id: a")
                    .append(i++)
                    .append("\n    system_prompt: ")
                    .append(value)
                    .append('\n');
        }
        fx.userFile(yaml.toString());
        long start = System.nanoTime();
        Config c = fx.load();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(c.agents()).hasSize(i);
        assertThat(c.agent("a0").orElseThrow().systemPrompt()).contains(word);
        // Before the line bound, one 1 MB line alone took ~0.7 s here; now the whole megabyte is linear.
        assertThat(ms).as("load time in ms").isLessThan(5_000);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aUserConfigLinkedToDevZeroIsRefusedNotReadForever() throws IOException {
        Path file = tmp.resolve("dh/config/config.yaml");
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, Path.of("/dev/zero"));
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith(user + ": the config file resolves to /dev/zero,"
                        + " under /dev; config may only name regular files");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFifoIsRefusedNotWaitedOnAsUserOrProjectConfig() throws Exception {
        Path fifo = mkfifo(tmp.resolve("dh/config/config.yaml"));
        assertThat(problems())
                .singleElement()
                .asString()
                .isEqualTo(user + ": the config file is a device, FIFO or socket, not a regular file; config may only"
                        + " name regular files");
        Files.delete(fifo);
        Files.createSymbolicLink(fx.project.resolve("dispatch.yaml"), mkfifo(fx.project.resolve("pipe")));
        assertThat(problems())
                .singleElement()
                .asString()
                .isEqualTo("dispatch.yaml: the config file 'dispatch.yaml' is a device, FIFO or socket, not a regular"
                        + " file; config may only name regular files");
    }

    @Test
    void aDirectoryOrAProcFileAsConfigIsRefused() throws IOException {
        Files.createDirectories(tmp.resolve("dh/config/config.yaml"));
        assertThat(problems())
                .singleElement()
                .asString()
                .contains("the config file is a directory, not a regular file");
        Files.delete(tmp.resolve("dh/config/config.yaml"));
        Files.createSymbolicLink(tmp.resolve("dh/config/config.yaml"), Path.of("/proc/self/environ"));
        assertThat(problems()).singleElement().asString().contains("under /proc; config may only name regular files");
    }

    @Test
    void validateFileAppliesTheSameBounds() throws IOException {
        Path link = tmp.resolve("zero.yaml");
        Files.createSymbolicLink(link, Path.of("/dev/zero"));
        assertThat(fx.loader().validateFile(link)).singleElement().asString().contains("under /dev");
    }

    static Path mkfifo(Path at) throws Exception {
        Files.createDirectories(at.getParent());
        Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return at;
    }
}

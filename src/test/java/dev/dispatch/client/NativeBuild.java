package dev.dispatch.client;

import dev.dispatch.Prerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the native socket library ({@code src/main/c/dispatch_socket.c}) for tests, as install.sh does:
 * the C compiler on the PATH ({@code CC} or {@code cc}) and this JVM's JNI headers, into {@code target/native}.
 * Once per test JVM. Without a compiler the calling test is skipped with the reason printed, except where
 * {@value #REQUIRE} is set (.ci/run sets it after installing gcc): there a missing compiler fails the test,
 * so CI can never pass by skipping them.
 */
public final class NativeBuild {
    /** Environment variable that turns "cannot build the library" from a skip into a failure. */
    static final String REQUIRE = "DISPATCH_REQUIRE_NATIVE";

    private static Path built;
    private static String missing;

    private NativeBuild() {}

    /** The built library's absolute path; aborts the calling test (a skip, with the reason) when it cannot be built. */
    public static synchronized Path library() {
        if (built == null && missing == null) build();
        if (missing != null) Prerequisite.missing(REQUIRE, "the native socket library: " + missing);
        return built;
    }

    /** The JVM options the launcher passes when install.sh built the library. */
    public static List<String> launcherOptions() {
        return List.of("--enable-native-access=ALL-UNNAMED", "-D" + NativeSocket.PROPERTY + "=" + library());
    }

    private static void build() {
        Path base = Path.of(System.getProperty("dispatch.basedir", "")).toAbsolutePath();
        Path source = base.resolve("src/main/c/dispatch_socket.c");
        Path include = Path.of(System.getProperty("java.home"), "include");
        if (!Files.isRegularFile(source)) {
            missing = "no " + source + " (the build passes dispatch.basedir)";
            return;
        }
        if (!Files.isDirectory(include.resolve("linux"))) {
            missing = "this JVM has no JNI headers for Linux under " + include;
            return;
        }
        String cc = System.getenv().getOrDefault("CC", "cc");
        try {
            Path dir = Files.createDirectories(base.resolve("target/native"));
            Path lib = dir.resolve("libdispatch-socket.so");
            Path log = dir.resolve("cc.log");
            Process p = new ProcessBuilder(
                            cc,
                            "-O2",
                            "-Wall",
                            "-Werror",
                            "-shared",
                            "-fPIC",
                            "-I" + include,
                            "-I" + include.resolve("linux"),
                            "-o",
                            lib.toString(),
                            source.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                missing = cc + " did not finish in 120 s";
            } else if (p.exitValue() != 0) {
                throw new AssertionError(
                        cc + " failed on " + source + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            } else {
                built = lib;
            }
        } catch (IOException e) {
            missing = "no C compiler '" + cc + "' (" + e.getMessage() + "); apt-get install gcc";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            missing = "interrupted while building";
        }
    }
}

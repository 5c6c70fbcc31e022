package dev.dispatch.bench;

import dev.dispatch.fs.FileWalk;
import dev.dispatch.shell.Shell;
import dev.dispatch.shell.ShellCommand;
import dev.dispatch.shell.ShellEnv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the tool machinery costs over the bare operation, measured in the same run:
 * (1) run_shell's process start (setsid, scrubbed env, two pump threads, tree kill bookkeeping)
 * against a bare {@code ProcessBuilder("bash","-c","true")}; (2) a .gitignore-aware walk of a
 * generated 20k-file tree against a plain {@code Files.walk} of the same tree.
 */
public final class ToolsBench {
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        double bare = median(runs, ToolsBench::bareProcess);
        double shell = median(runs, ToolsBench::shellProcess);
        out.printf(
                "shell start+exit of 'true': bare ProcessBuilder %.1f ms, Shell %.1f ms, ratio %.2f (median of %d)%n",
                bare, shell, shell / bare, runs);
        Path tree = Files.createTempDirectory("tools-bench");
        try {
            int files = generate(tree);
            double plain = median(10, () -> plainWalk(tree));
            double ignoring = median(10, () -> ignoreWalk(tree));
            out.printf(
                    "walk of %d files (%d listed after .gitignore): Files.walk %.1f ms, FileWalk %.1f ms, ratio %.2f (median of 10)%n",
                    files, ignoreWalk(tree), plain, ignoring, ignoring / plain);
        } finally {
            try (Stream<Path> all = Files.walk(tree)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Work {
        int run() throws Exception;
    }

    static double median(int runs, Work work) throws Exception {
        for (int i = 0; i < 3; i++) work.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    static int bareProcess() throws Exception {
        return new ProcessBuilder("bash", "-c", "true").start().waitFor();
    }

    static int shellProcess() throws Exception {
        var env = ShellEnv.scrub(System.getenv(), List.of());
        var cmd = new ShellCommand("true", Path.of("."), Duration.ofSeconds(30), env, 32 * 1024);
        return Shell.start(cmd, (c, s) -> {}).await().exitCode();
    }

    static int generate(Path root) throws IOException {
        Files.writeString(root.resolve(".gitignore"), "build/\n*.tmp\n");
        int n = 0;
        for (int d = 0; d < 100; d++) {
            Path dir = Files.createDirectories(root.resolve("src/pkg" + d));
            Path build = Files.createDirectories(root.resolve("build/pkg" + d));
            for (int f = 0; f < 100; f++) {
                Files.writeString(dir.resolve("F" + f + (f % 10 == 0 ? ".tmp" : ".java")), "");
                Files.writeString(build.resolve("F" + f + ".class"), "");
                n += 2;
            }
        }
        return n;
    }

    static int plainWalk(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return (int) all.filter(Files::isRegularFile).count();
        }
    }

    static int ignoreWalk(Path root) throws IOException {
        AtomicInteger count = new AtomicInteger();
        FileWalk.walk(root, root, (file, attrs) -> {
            count.incrementAndGet();
            return true;
        });
        return count.get();
    }
}

package dev.dispatch.bench;

import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.permission.Policy;
import dev.dispatch.permission.Rules;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.shell.Shell;
import dev.dispatch.shell.ShellCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What permissions cost a shell call, against spawning {@code bash -c true} (the baseline, measured
 * in the same run): the policy's analysis of typical command lines, and running inside bubblewrap.
 * Usage: PermissionBench [SPAWNS=40]
 */
public final class PermissionBench {
    static final List<String> COMMANDS = List.of(
            "ls -la src",
            "git status && git diff HEAD~1",
            "mvn -q test 2>&1 | tail -50",
            "cd src && grep -rn TODO . > ../todo.txt",
            "cat a.txt | sort | uniq -c",
            "rm -rf build && mkdir -p build",
            "echo $(date) >> log.txt",
            "find . -name '*.java' | xargs wc -l",
            "cat /etc/hosts",
            "LD_PRELOAD=x ls");

    public static void main(String[] args) throws Exception {
        int spawns = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path dir = Files.createTempDirectory("perm-bench").toRealPath();
        Path root = Files.createDirectories(dir.resolve("ws"));
        Policy policy =
                new Policy(root, new Rules(List.of(), List.of("git push*"), dir), List.of(dir.resolve("d")), dir);
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "HOME", root.toString());
        Sandbox sandbox = Sandbox.detect(System.getenv("PATH"));
        // warm-up
        for (int i = 0; i < 5; i++) spawn(root, env, List.of());
        for (int i = 0; i < 20_000; i++)
            policy.evaluate(PermissionRequest.execute(COMMANDS.get(i % COMMANDS.size()), root, "b"));
        double plain = median(spawns, () -> spawn(root, env, List.of()));
        List<String> prefix = sandbox.prefix(new Sandbox.Spec(List.of(root), List.of(), Sandbox.Spec.Network.ON));
        double boxed = sandbox.status().sandboxed() ? median(spawns, () -> spawn(root, env, prefix)) : Double.NaN;
        int evals = 50_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < evals; i++)
            policy.evaluate(PermissionRequest.execute(COMMANDS.get(i % COMMANDS.size()), root, "b"));
        double evalMs = (System.nanoTime() - t0) / 1e6 / evals;
        System.out.printf("baseline: spawn bash -c true          %8.2f ms (median of %d)%n", plain, spawns);
        System.out.printf(
                "policy + shell analysis per command  %8.4f ms = %.4fx the baseline (%d evaluations, %d command shapes)%n",
                evalMs, evalMs / plain, evals, COMMANDS.size());
        System.out.printf(
                "spawn inside bubblewrap              %8.2f ms = %.2fx the baseline (%s)%n",
                boxed, boxed / plain, sandbox.status());
    }

    interface Run {
        void run() throws Exception;
    }

    static double median(int n, Run r) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[n / 2];
    }

    static void spawn(Path root, Map<String, String> env, List<String> prefix) throws Exception {
        var run = Shell.start(new ShellCommand("true", root, Duration.ofSeconds(30), env, 1024, prefix), (c, s) -> {});
        var result = run.await();
        if (result.exitCode() != 0)
            throw new IllegalStateException("exit " + result.exitCode() + ": " + result.stderr());
    }
}

package dev.dispatch.shell;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs shell commands inside bubblewrap ({@code bwrap}) where it works: the whole filesystem
 * read-only, {@code /tmp} private, the project root and granted directories writable, Dispatch's
 * own directories replaced by empty ones, and the network optionally cut off. Whether bwrap works
 * is probed once by running it (containers and old kernels often forbid its namespaces); when it
 * does not, commands run unsandboxed and {@link #status()} says so and why.
 */
public final class Sandbox {
    /** Whether commands are confined, and a line saying how or why not. */
    public record Status(State state, String detail) {
        public enum State {
            SANDBOXED,
            UNSANDBOXED
        }

        public boolean sandboxed() {
            return state == State.SANDBOXED;
        }

        @Override
        public String toString() {
            return (sandboxed() ? "sandboxed" : "unsandboxed") + " (" + detail + ")";
        }
    }

    /** What one command may write and must not see. */
    public record Spec(List<Path> writable, List<Path> hidden, Network network) {
        public enum Network {
            ON,
            OFF
        }
    }

    private final Path bwrap;
    private final Status status;

    private Sandbox(Path bwrap, Status status) {
        this.bwrap = bwrap;
        this.status = status;
    }

    /** No sandbox, with the reason shown to users. */
    public static Sandbox off(String reason) {
        return new Sandbox(null, new Status(Status.State.UNSANDBOXED, reason));
    }

    /** bwrap found on {@code PATH}, probed; unsandboxed with the reason when missing or broken. */
    public static Sandbox detect(String pathVariable) {
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (dir.isBlank()) continue;
                Path candidate = Path.of(dir, "bwrap");
                if (Files.isExecutable(candidate)) return at(candidate);
            }
        }
        return off("bwrap not found on PATH; install the bubblewrap package to confine shell commands");
    }

    /** The bwrap at {@code bwrap}, probed with a trivial confined command. */
    public static Sandbox at(Path bwrap) {
        if (!Files.isExecutable(bwrap)) {
            return off(bwrap + " does not exist or is not executable; install the bubblewrap package");
        }
        List<String> probe = new ArrayList<>(List.of(bwrap.toString()));
        probe.addAll(List.of(
                "--ro-bind",
                "/",
                "/",
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                "--tmpfs",
                "/tmp",
                "--unshare-net",
                "--die-with-parent",
                "--",
                "true"));
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return off(bwrap + " did not finish a trivial command in 10 s");
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.exitValue() != 0) {
                return off(
                        bwrap + " cannot create its namespaces here (" + (out.isEmpty() ? "exit " + p.exitValue() : out)
                                + "); unprivileged user namespaces may be disabled");
            }
        } catch (IOException e) {
            return off(bwrap + " cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return off("interrupted while probing " + bwrap);
        }
        return new Sandbox(bwrap, new Status(Status.State.SANDBOXED, "bubblewrap " + bwrap));
    }

    public Status status() {
        return status;
    }

    /** The argv that goes before {@code bash -c …}; empty when unsandboxed. */
    public List<String> prefix(Spec spec) {
        if (!status.sandboxed()) return List.of();
        List<String> argv = new ArrayList<>(List.of(
                bwrap.toString(), "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
        // parents before children, so a nested bind is not hidden by its parent's
        List<Path> writable = spec.writable().stream()
                .map(Sandbox::existing)
                .filter(p -> p != null)
                .distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount))
                .toList();
        for (Path w : writable) argv.addAll(List.of("--bind", w.toString(), w.toString()));
        for (Path h : spec.hidden()) {
            if (Files.isDirectory(h)) argv.addAll(List.of("--tmpfs", h.toString()));
        }
        if (spec.network() == Spec.Network.OFF) argv.add("--unshare-net");
        argv.addAll(List.of("--die-with-parent", "--"));
        return argv;
    }

    /** The path itself or its nearest existing ancestor directory. */
    private static Path existing(Path p) {
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q)) return q;
        }
        return null;
    }
}

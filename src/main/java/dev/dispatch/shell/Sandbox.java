package dev.dispatch.shell;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs shell commands inside bubblewrap ({@code bwrap}) where it works, built as an allow-list by
 * {@link SandboxLayout}: new PID, IPC and UTS namespaces (and a user namespace where allowed), no
 * capabilities, a fresh {@code /proc}, the system read-only, the project and grants writable, and
 * everything else of the host (the home directory, other projects, Dispatch's own directories)
 * absent unless listed. Whether bwrap works is probed once by running the same kind of argv real
 * commands get (containers and old kernels often forbid its namespaces); when it does not, commands
 * run unsandboxed and {@link #status()} says so and why.
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

    /**
     * What one command may see and write.
     *
     * @param readable shown read-only (sandbox.read, read grants); missing ones are skipped
     * @param writable shown writable (the project, sandbox.write, write grants); missing ones are skipped
     * @param hidden Dispatch's own directories: covered even inside a shown path
     * @param home the user's home: an empty directory inside, holding only what is listed below it
     */
    public record Spec(List<Path> readable, List<Path> writable, List<Path> hidden, Network network, Path home) {
        public enum Network {
            ON,
            OFF
        }

        public Spec {
            readable = List.copyOf(readable);
            writable = List.copyOf(writable);
            hidden = List.copyOf(hidden);
        }

        /** Only {@code writable} shown (nothing read-only, no home). */
        public Spec(List<Path> writable, List<Path> hidden, Network network) {
            this(List.of(), writable, hidden, network, null);
        }
    }

    /** Which of bwrap's optional isolation works here (found by the probe). */
    record Features(boolean userNamespace, boolean disableUserns) {}

    private static final List<Features> STRONGEST_FIRST =
            List.of(new Features(true, true), new Features(true, false), new Features(false, false));

    private final Path bwrap;
    private final Features features;
    private final Status status;

    private Sandbox(Path bwrap, Features features, Status status) {
        this.bwrap = bwrap;
        this.features = features;
        this.status = status;
    }

    /** No sandbox, with the reason shown to users. */
    public static Sandbox off(String reason) {
        return new Sandbox(null, null, new Status(Status.State.UNSANDBOXED, reason));
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

    /**
     * The bwrap at {@code bwrap}, probed with the argv real commands get (an empty project, the
     * network off): the strongest isolation that runs wins; if even the PID namespace fails, the
     * sandbox is off and the reason names bwrap's own message.
     */
    public static Sandbox at(Path bwrap) {
        if (!Files.isExecutable(bwrap)) {
            return off(bwrap + " does not exist or is not executable; install the bubblewrap package");
        }
        String failure = null;
        Path probeDir = null;
        try {
            probeDir = Files.createTempDirectory("dispatch-sandbox-probe");
            Spec spec = new Spec(List.of(), List.of(probeDir), List.of(), Spec.Network.OFF, null);
            for (Features f : STRONGEST_FIRST) {
                List<String> argv = new ArrayList<>(SandboxLayout.argv(bwrap, spec, f));
                argv.addAll(List.of("/bin/sh", "-c", "test -w \"$1\"", "probe", probeDir.toString()));
                String problem = run(argv);
                if (problem == null) {
                    String detail = "bubblewrap " + bwrap + (f.userNamespace() ? "" : ", no user namespace")
                            + (f.userNamespace() && !f.disableUserns() ? ", nested user namespaces allowed" : "");
                    return new Sandbox(bwrap, f, new Status(Status.State.SANDBOXED, detail));
                }
                if (failure == null) failure = problem;
            }
        } catch (IOException e) {
            failure = "cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return off("interrupted while probing " + bwrap);
        } finally {
            if (probeDir != null) probeDir.toFile().delete();
        }
        return off(bwrap + " cannot create its namespaces here (" + failure
                + "); unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone)");
    }

    /** null when the probe ran and exited 0, else what went wrong. */
    private static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "a trivial command did not finish in 10 s";
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.exitValue() == 0) return null;
        return out.isEmpty() ? "exit " + p.exitValue() : out;
    }

    public Status status() {
        return status;
    }

    /** The argv that goes before {@code bash -c …}; empty when unsandboxed. */
    public List<String> prefix(Spec spec) {
        if (!status.sandboxed()) return List.of();
        return SandboxLayout.argv(bwrap, spec, features);
    }
}

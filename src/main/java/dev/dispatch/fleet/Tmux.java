package dev.dispatch.fleet;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * tmux on one agent's own server socket ({@code -S}): agents never share a server, so one agent's
 * input cannot land in another's pane when several start at once, and killing one server touches
 * nobody else. Targets are exact ({@code =dispatch-NAME}); commands go to tmux as an argument vector.
 */
final class Tmux {
    /** A finished tmux run. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    private final Path socket;
    private final String session;

    Tmux(Path socket, String session) {
        this.socket = socket;
        this.session = session;
    }

    Path socket() {
        return socket;
    }

    String session() {
        return session;
    }

    /** The exact target of the session's only pane. */
    String target() {
        return "=" + session + ":";
    }

    /** The argument vector that runs tmux {@code args} on this socket (also what {@code attach} runs). */
    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Starts the detached session running {@code argv} in {@code dir} with {@code env} set. {@code config}
     * is the server's config file (remain-on-exit, so an exited CLI's last screen can still be read).
     */
    void start(Path config, Path dir, Map<String, String> env, List<String> argv) {
        List<String> args = new ArrayList<>(List.of(
                "-f",
                config.toString(),
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                "200",
                "-y",
                "50",
                "-c",
                dir.toString()));
        env.forEach((k, v) -> {
            args.add("-e");
            args.add(k + "=" + v);
        });
        args.addAll(argv);
        Result r = run(args.toArray(String[]::new));
        if (!r.ok())
            throw new EngineException(
                    ErrorCode.INTERNAL, "tmux could not start session " + session + ": " + firstLine(r));
    }

    boolean alive() {
        return run("has-session", "-t", "=" + session).ok();
    }

    /** {@code format} expanded for the pane ({@code #{pane_dead}}), or null when the session is gone. */
    String display(String format) {
        Result r = run("display-message", "-p", "-t", target(), format);
        return r.ok() ? r.out().strip() : null;
    }

    /** The pane's last {@code lines} lines of text (history included), or null when the session is gone. */
    String capture(int lines) {
        Result r = run("capture-pane", "-p", "-J", "-t", target(), "-S", "-" + lines);
        if (!r.ok()) return null;
        List<String> all = new ArrayList<>(r.out().lines().toList());
        while (!all.isEmpty() && all.get(all.size() - 1).isBlank()) all.remove(all.size() - 1);
        int from = Math.max(0, all.size() - lines);
        return String.join("\n", all.subList(from, all.size()));
    }

    /** Pastes {@code text} through a named buffer (load-buffer from stdin, paste-buffer), not send-keys. */
    boolean paste(String text) {
        String buffer = "dispatch-send";
        Result load = withInput(text, "load-buffer", "-b", buffer, "-");
        if (!load.ok()) return false;
        return run("paste-buffer", "-d", "-p", "-b", buffer, "-t", target()).ok();
    }

    /** Sends tmux key names ({@code Enter}, {@code C-c}); never text. */
    boolean keys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", target()));
        args.addAll(List.of(keys));
        return run(args.toArray(String[]::new)).ok();
    }

    /** Kills the session and this agent's server. */
    void kill() {
        run("kill-session", "-t", "=" + session);
        run("kill-server");
    }

    Result run(String... args) {
        return withInput(null, args);
    }

    private Result withInput(String stdin, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().remove("TMUX"); // inside a tmux pane, tmux would otherwise talk to that server
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, "", "tmux timed out");
            }
            return new Result(
                    p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot run tmux (" + e.getMessage() + "); install tmux 3.2 or newer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.INTERNAL, "interrupted while running tmux");
        }
    }

    static String firstLine(Result r) {
        String s = (r.err() + r.out()).strip();
        return s.isEmpty() ? "exit " + r.exit() : s.lines().findFirst().orElse(s);
    }
}

package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code dispatch ARGS} as a real process on a real terminal: this build's classes in a detached
 * tmux session on its own tmux server socket (so tests never touch the user's tmux), with
 * {@code DISPATCH_HOME} set and no agent token inherited. Types with send-keys, reads the screen and
 * its scrollback with capture-pane, and records the exit status in a file. Needs tmux (Debian:
 * apt-get install tmux; CI installs it); without it the test fails, naming the fix.
 */
final class TmuxPane implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String socket;
    private final Path exit;

    private TmuxPane(String socket, Path exit) {
        this.socket = socket;
        this.exit = exit;
    }

    /** Starts {@code dispatch args} in a {@code width}×{@code height} pane in {@code cwd}. */
    static TmuxPane start(Path home, Path cwd, int width, int height, String... args)
            throws IOException, InterruptedException {
        return start(home, cwd, width, height, List.of(args), "");
    }

    /** {@link #start(Path, Path, int, int, String...)} with shell redirections after the arguments ({@code > out}). */
    static TmuxPane start(Path home, Path cwd, int width, int height, List<String> args, String redirect)
            throws IOException, InterruptedException {
        return start(home, cwd, width, height, List.of(), args, redirect);
    }

    /** {@link #start(Path, Path, int, int, List, String)} with {@code jvm} options before the class path. */
    static TmuxPane start(
            Path home, Path cwd, int width, int height, List<String> jvm, List<String> args, String redirect)
            throws IOException, InterruptedException {
        return start(home, cwd, width, height, java.util.Map.of(), jvm, args, redirect);
    }

    /**
     * {@link #start(Path, Path, int, int, String...)} with tmux's {@code extended-keys on}: what a user
     * sets so tmux passes shift+Enter (and other modified keys) on to an application that asks for them
     * (xterm's modifyOtherKeys, which the workbench turns on), instead of dropping the modifier.
     */
    static TmuxPane startWithExtendedKeys(Path home, Path cwd, int width, int height, String... args)
            throws IOException, InterruptedException {
        return start(home, cwd, width, height, java.util.Map.of(), List.of(), List.of(args), "", true);
    }

    /** {@link #start(Path, Path, int, int, String...)} with extra environment variables for dispatch. */
    static TmuxPane start(Path home, Path cwd, int width, int height, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return start(home, cwd, width, height, env, List.of(), List.of(args), "");
    }

    private static TmuxPane start(
            Path home,
            Path cwd,
            int width,
            int height,
            java.util.Map<String, String> env,
            List<String> jvm,
            List<String> args,
            String redirect)
            throws IOException, InterruptedException {
        return start(home, cwd, width, height, env, jvm, args, redirect, false);
    }

    private static TmuxPane start(
            Path home,
            Path cwd,
            int width,
            int height,
            java.util.Map<String, String> env,
            List<String> jvm,
            List<String> args,
            String redirect,
            boolean extendedKeys)
            throws IOException, InterruptedException {
        if (!onPath("tmux"))
            fail("tmux is not on PATH: install it (Debian: apt-get install tmux); this terminal test needs it");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        Path exit = Files.createTempFile(home, "exit", ".txt");
        Files.delete(exit);
        StringBuilder cmd =
                new StringBuilder("env -u DISPATCH_AGENT_TOKEN DISPATCH_HOME=" + quote(home.toString()) + " ");
        env.forEach((k, v) -> cmd.append(k).append('=').append(quote(v)).append(' '));
        cmd.append(quote(java));
        for (String o : jvm) cmd.append(' ').append(quote(o));
        cmd.append(" -cp ").append(quote(cp)).append(" dev.dispatch.Main");
        for (String a : args) cmd.append(' ').append(quote(a));
        cmd.append(' ').append(redirect);
        cmd.append("; echo $? > ").append(quote(exit.toString())).append("; sleep 600");
        TmuxPane pane = new TmuxPane("dispatch-test-" + ProcessHandle.current().pid() + "-" + exit.getFileName(), exit);
        // a long chat keeps its scrollback for capture: the history limit is set before the pane exists
        String out = pane.tmux(
                "start-server",
                ";",
                "set-option",
                "-g",
                "history-limit",
                "5000",
                ";",
                "set-option",
                "-s",
                "extended-keys",
                extendedKeys ? "on" : "off",
                ";",
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "" + width,
                "-y",
                "" + height,
                "-c",
                cwd.toString(),
                cmd.toString());
        assertThat(out).as("tmux new-session").isEmpty();
        return pane;
    }

    /** Types {@code text} literally, then Enter. */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "t", "-l", text);
        tmux("send-keys", "-t", "t", "Enter");
    }

    /** Sends one key by its tmux name ({@code C-d}, {@code Enter}). */
    void key(String name) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "t", name);
    }

    /** Sends raw bytes given in hex ({@code 1b 5b ...}): escape sequences tmux has no key name for. */
    void bytes(String... hex) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", "t", "-H"));
        cmd.addAll(List.of(hex));
        tmux(cmd.toArray(String[]::new));
    }

    /** Pastes {@code text} as a terminal paste would ({@code paste-buffer -p}: bracketed when the app asked). */
    void paste(String text) throws IOException, InterruptedException {
        Path buffer = Files.createTempFile("paste", ".txt");
        try {
            Files.writeString(buffer, text);
            tmux("load-buffer", "-b", "p", buffer.toString());
            tmux("paste-buffer", "-p", "-d", "-b", "p", "-t", "t");
        } finally {
            Files.deleteIfExists(buffer);
        }
    }

    /** The visible screen only (no scrollback), trailing blanks trimmed. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-t", "t");
    }

    /** The pane's scrollback and screen, trailing blanks trimmed. */
    String text() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "t");
    }

    /** Waits until the pane's text passes {@code ready}; fails with the last capture otherwise. */
    String waitFor(String what, Predicate<String> ready) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        String screen = "";
        while (Instant.now().isBefore(deadline)) {
            screen = text();
            if (ready.test(screen)) return screen;
            if (Files.exists(exit)) {
                screen = text();
                if (ready.test(screen)) return screen;
                return fail(
                        "dispatch exited (status %s) before the pane showed %s:%n%s",
                        Files.readString(exit).strip(), what, screen);
            }
            Thread.sleep(150);
        }
        return fail("the pane never showed %s; last capture:%n%s", what, screen);
    }

    /** Waits for the process to end and answers its exit status. */
    int awaitExit() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!Files.exists(exit) && Instant.now().isBefore(deadline)) Thread.sleep(100);
        assertThat(exit).as("dispatch did not exit; pane:%n%s", text()).exists();
        String code = Files.readString(exit).strip();
        while (code.isEmpty()) { // written, not yet flushed
            Thread.sleep(50);
            code = Files.readString(exit).strip();
        }
        return Integer.parseInt(code);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-f", "/dev/null", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }
}

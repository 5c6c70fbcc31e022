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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the real thing: `dispatch` (this build's classes, a fresh DISPATCH_HOME) inside a
 * detached 100×30 tmux session on its own tmux server socket. Types a prompt with send-keys, reads
 * the screen with capture-pane, quits with ctrl+d and checks the process ended with status 0.
 * Needs tmux (Debian: apt-get install tmux); CI installs it, and without it this test fails.
 */
@Tag("slow")
class WorkbenchTmuxTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final String socket = "dispatch-test-" + ProcessHandle.current().pid();
    private final String session = "wb";

    @AfterEach
    void killServer() throws Exception {
        tmux("kill-server");
    }

    @Test
    void typesAPromptSeesItAndQuits() throws Exception {
        if (!onPath("tmux"))
            fail("tmux is not on PATH: install it (Debian: apt-get install tmux); this smoke test needs it");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path cwd = Files.createDirectories(tmp.resolve("myproject"));
        Path exit = tmp.resolve("exit-code");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        String cmd = "env -u ANTHROPIC_API_KEY -u OPENAI_API_KEY OLLAMA_HOST=127.0.0.1:1 DISPATCH_HOME='" + home + "' '"
                + java + "' -cp '" + cp + "' dev.dispatch.Main; echo $? > '"
                + exit + "'; sleep 600";
        Run started = tmux("new-session", "-d", "-s", session, "-x", "140", "-y", "40", "-c", cwd.toString(), cmd);
        assertThat(started.exit).as("tmux new-session failed: %s", started.out).isZero();

        // the whole guide, not the first capture that shows its start: on a loaded machine tmux can be caught
        // mid-frame ("keys: [t dispatch again.")
        String first = waitForScreen(s ->
                s.contains("Welcome to Dispatch") && s.contains("in-process") && s.contains("  default_model: sonnet"));
        assertThat(first)
                .contains("space myproject")
                .contains("in-process")
                .contains("none was found to offer")
                .contains(home.resolve("config/config.yaml").toString())
                .contains("  default_model: sonnet");

        tmux("send-keys", "-t", session, "-l", "hello from tmux");
        waitForScreen(s -> s.contains("› hello from tmux"));
        tmux("send-keys", "-t", session, "Enter");
        String after = waitForScreen(s -> s.contains("› you") && s.contains("Type a message"));
        assertThat(after).contains("hello from tmux");

        tmux("send-keys", "-t", session, "C-d");
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!Files.exists(exit) && Instant.now().isBefore(deadline)) Thread.sleep(100);
        assertThat(exit)
                .as("dispatch did not exit after ctrl+d; screen:%n%s", capture())
                .exists();
        assertThat(Files.readString(exit).strip()).isEqualTo("0");
    }

    /** First run under XDG dirs (no DISPATCH_HOME) with a key in the environment: offered, at the XDG path. */
    @Test
    void firstRunOffersTheKeyFoundAtTheXdgConfigPath() throws Exception {
        if (!onPath("tmux"))
            fail("tmux is not on PATH: install it (Debian: apt-get install tmux); this smoke test needs it");
        Path cwd = Files.createDirectories(tmp.resolve("myproject"));
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        String xdg = "XDG_CONFIG_HOME='" + tmp.resolve("xc") + "' XDG_DATA_HOME='" + tmp.resolve("xd")
                + "' XDG_STATE_HOME='" + tmp.resolve("xs") + "' XDG_RUNTIME_DIR='" + tmp.resolve("xr") + "'";
        String cmd = "env -u DISPATCH_HOME -u OPENAI_API_KEY ANTHROPIC_API_KEY=sk-tmux OLLAMA_HOST=127.0.0.1:1 " + xdg
                + " '" + java + "' -cp '" + cp + "' dev.dispatch.Main; sleep 600";
        Run started = tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "45", "-c", cwd.toString(), cmd);
        assertThat(started.exit).as("tmux new-session failed: %s", started.out).isZero();
        String screen = waitForScreen(s -> s.contains("Welcome to Dispatch") && s.contains("default_model"));
        assertThat(screen)
                .contains("Found: ANTHROPIC_API_KEY is set.")
                .contains(tmp.resolve("xc/dispatch/config.yaml").toString())
                .contains("keys: [ { id: anthropic, provider: anthropic, env: ANTHROPIC_API_KEY } ]")
                .doesNotContain("sk-tmux");
    }

    private String waitForScreen(Predicate<String> ready) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        String screen = "";
        while (Instant.now().isBefore(deadline)) {
            screen = capture();
            if (ready.test(screen)) return screen;
            Thread.sleep(200);
        }
        return fail("the screen never showed what was expected; last capture:%n%s", screen);
    }

    private String capture() throws Exception {
        return tmux("capture-pane", "-p", "-t", session).out;
    }

    private record Run(int exit, String out) {}

    private Run tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }
}

package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.shell.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No process outlives its {@code run_shell} call, however it detached: each form below starts a
 * {@code sleep} with its own number, the command proves they all run, exits 0 at once, and when
 * the call returns a scan of the host's {@code /proc} finds none of them, sandboxed and not.
 */
class RunShellLeftoversTest {
    static final int BASE = 31_000 + (int) (ProcessHandle.current().pid() % 1000) * 10;
    static final List<String> FORMS = List.of(
            "sleep %d &",
            "nohup sleep %d >/dev/null 2>&1 &",
            "setsid -f sleep %d >/dev/null 2>&1",
            "(setsid sleep %d >/dev/null 2>&1 &)",
            "(sleep %d &)",
            "sleep %d >/dev/null 2>&1 & disown",
            "bash -c 'bash -c \"sleep %d >/dev/null 2>&1 &\" &'",
            "setsid nohup sleep %d </dev/null >/dev/null 2>&1 &");

    SandboxFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (long pid : survivors()) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        f.close();
    }

    @Test
    void unsandboxedNothingOutlivesTheCall() throws Exception {
        check(Sandbox.off("test: unsandboxed"));
    }

    @Test
    void sandboxedNothingOutlivesTheCall() throws Exception {
        check(SandboxFixture.requireSandbox());
    }

    private void check(Sandbox sandbox) throws Exception {
        StringBuilder command = new StringBuilder();
        for (int i = 0; i < FORMS.size(); i++)
            command.append(String.format(FORMS.get(i), BASE + i)).append('\n');
        // prove they are all running before the command ends
        command.append(
                        "for t in $(seq 1 100); do n=$(cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' ' | grep -o 'sleep ")
                .append(BASE / 10)
                .append("[0-9]' | sort -u | wc -l); [ \"$n\" -ge ")
                .append(FORMS.size())
                .append(" ] && break; sleep 0.05; done; echo running=$n");
        long start = System.nanoTime();
        ToolResult r = f.run(
                new RunShellTool(f.env(), sandbox, root -> dev.dispatch.shell.ShellSettings.none()),
                command.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.text()).as(r.text()).contains("running=" + FORMS.size());
        assertThat(r.metadata()).containsEntry("ending", "exited").containsEntry("exit_code", 0);
        assertThat(millis)
                .as("returns when the command exits, not at a timeout")
                .isLessThan(60_000);
        assertThat(survivors())
                .as("sleeps still running after the call returned")
                .isEmpty();
    }

    /** Host processes whose argv is one of our sleeps (zombies excluded: they are dead). */
    static List<Long> survivors() throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    String stat = Files.readString(p.resolve("stat"));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    if (state != 'Z' && cmd.matches("sleep " + BASE / 10 + "\\d\\s*"))
                        out.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException gone) {
                    // exited during the scan
                }
            }
        }
        return out;
    }
}

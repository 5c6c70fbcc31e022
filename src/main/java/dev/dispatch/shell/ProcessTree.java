package dev.dispatch.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kills a command and everything it started. The command runs as the leader of its own process
 * group (started through {@code setsid}), so one {@code kill -KILL -<pgid>} reaches grandchildren
 * even after their parent died and they were re-parented away from {@link ProcessHandle#descendants};
 * the descendants seen beforehand are killed one by one too, for children that left the group and
 * for systems without {@code setsid}.
 *
 * <p>A process that calls {@code setsid} itself (or {@code nohup … &} after a double fork) leaves
 * the group and the descendants, so every command also carries a per-call tag in its environment
 * ({@value #TAG}); {@link #killTagged} kills every process whose {@code /proc/PID/environ} holds it,
 * round after round until none is left. The Linux way to keep orphans, {@code
 * prctl(PR_SET_CHILD_SUBREAPER)}, is not reachable from Java without native code; inside the sandbox
 * the PID namespace does the same job (when its init exits the kernel kills every process in it).
 * What remains unsandboxed: a process that both clears its environment ({@code env -i}) and leaves
 * the session escapes both nets (docs/security.md).
 */
final class ProcessTree {
    /** The environment variable that tags one call's processes. */
    static final String TAG = "DISPATCH_CALL";

    private static final Path SETSID = findSetsid();
    private static final int ROUNDS = 50;

    private ProcessTree() {}

    /** The argv prefix that starts a command in a new session, or none where setsid is missing. */
    static List<String> newGroupPrefix() {
        return SETSID == null ? List.of() : List.of(SETSID.toString());
    }

    /** {@link #kill(Process)}, then every process still carrying the call's tag. */
    static void kill(Process process, String tag) {
        kill(process);
        killTagged(tag);
    }

    static void kill(Process process) {
        // 1) snapshot first: once the root dies its children are re-parented and vanish from descendants()
        List<ProcessHandle> tree = process.descendants().toList();
        // 2) the group, in one signal, so nothing can fork past us
        if (SETSID != null) killGroup(process.pid());
        // 3) stragglers that changed group, and the root itself
        tree.forEach(ProcessHandle::destroyForcibly);
        // the JDK's destroy also closes our ends of the pipes: on a root that already exited, that threw
        // away output the readers had not read yet (a loaded machine, a command's last lines lost). A
        // root that ended has nothing to signal, so its pipes stay open until the readers reach their end
        if (process.isAlive()) process.destroyForcibly();
    }

    /**
     * Kills every process of ours whose environment holds {@code TAG=tag}, again until a scan finds
     * none (a forking process may add some between scans); returns how many were killed.
     */
    static int killTagged(String tag) {
        String marker = "\0" + TAG + "=" + tag + "\0";
        long self = ProcessHandle.current().pid();
        int killed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<ProcessHandle> found = new java.util.ArrayList<>();
            try (var dirs = Files.newDirectoryStream(
                    Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
                for (Path dir : dirs) {
                    long pid = Long.parseLong(dir.getFileName().toString());
                    if (pid != self && holds(dir.resolve("environ"), marker))
                        ProcessHandle.of(pid).ifPresent(found::add);
                }
            } catch (IOException | RuntimeException e) {
                return killed; // no /proc (not Linux): the group kill is all there is
            }
            if (found.isEmpty()) return killed;
            found.forEach(ProcessHandle::destroyForcibly);
            killed += found.size();
        }
        return killed;
    }

    private static boolean holds(Path environ, String marker) {
        try {
            // NULs around, so the first and the last variable match like the others
            return ("\0" + new String(Files.readAllBytes(environ), StandardCharsets.ISO_8859_1) + "\0")
                    .contains(marker);
        } catch (IOException | RuntimeException e) {
            return false; // gone, or another user's
        }
    }

    private static void killGroup(long pgid) {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) kill.destroyForcibly();
        } catch (IOException e) {
            // no kill binary: the per-process kills below still run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}

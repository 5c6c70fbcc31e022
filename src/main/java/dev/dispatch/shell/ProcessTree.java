package dev.dispatch.shell;

import java.io.IOException;
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
 */
final class ProcessTree {
    private static final Path SETSID = findSetsid();

    private ProcessTree() {}

    /** The argv prefix that starts a command in a new session, or none where setsid is missing. */
    static List<String> newGroupPrefix() {
        return SETSID == null ? List.of() : List.of(SETSID.toString());
    }

    static void kill(Process process) {
        // 1) snapshot first: once the root dies its children are re-parented and vanish from descendants()
        List<ProcessHandle> tree = process.descendants().toList();
        // 2) the group, in one signal, so nothing can fork past us
        if (SETSID != null) killGroup(process.pid());
        // 3) stragglers that changed group, and the root itself
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
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

package dev.dispatch.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process lives, for the registry and every face that asks "is an owner running?". A zombie
 * (killed, not yet reaped by its parent) is dead: it holds no lock, serves no socket and will never
 * answer, yet its {@code /proc/PID} directory and {@link ProcessHandle#isAlive} say it exists, which made
 * {@code daemon start} right after a {@code kill -9} report "already running" until the reaping.
 *
 * <p>On Linux one read of {@code /proc/PID/stat} answers (state {@code Z} or {@code X} is dead); the
 * state follows the last {@code ')'}, since the command name in parentheses may itself hold spaces and
 * parentheses. Without {@code /proc}, {@link ProcessHandle} is the best there is. The store package keeps
 * its own copy of this rule ({@code store.OwnerFile}): it may import nothing from Dispatch.
 */
public final class ProcessLiveness {
    private static final boolean PROC = Files.isDirectory(Path.of("/proc/self"));

    private ProcessLiveness() {}

    public static boolean alive(long pid) {
        if (pid <= 0) return false;
        if (pid == ProcessHandle.current().pid()) return true;
        if (!PROC) return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length()) return true; // unreadable format: assume it lives
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X' && state != 'x';
        } catch (IOException e) {
            return false; // no /proc/PID: gone
        }
    }
}

package dev.dispatch.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Test helper: the processes a command started, and whether they are really gone. */
public final class ProcessProbe {
    private ProcessProbe() {}

    /** Waits (up to a minute) until {@code pid} has at least {@code count} live descendants named {@code name}. */
    public static List<ProcessHandle> awaitDescendants(long pid, String name, int count) throws InterruptedException {
        ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> found = List.of();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            found = root.descendants()
                    .filter(h ->
                            h.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                    .toList();
            if (found.size() >= count) return found;
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " '" + name + "' descendants of " + pid + ", saw " + found);
    }

    /** Waits (up to 30 s) for {@code condition}; false if it never held. */
    public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** Whether a process still runs; a zombie (killed, not yet reaped by an init that may never reap) counts as gone. */
    public static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.dispatch.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real zombie for liveness tests (protocol.ProcessLiveness and the store's own copy in OwnerFile): a shell starts {@code sleep} in the background and execs another
 * {@code sleep}, which never reaps; killing the background one leaves it a zombie until the parent ends.
 */
public final class Zombie implements AutoCloseable {
    private final Process parent;
    public final long pid;

    private Zombie(Process parent, long pid) {
        this.parent = parent;
        this.pid = pid;
    }

    public static Zombie make() throws IOException, InterruptedException {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 300 & echo $!; exec sleep 300").start();
        long pid = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream()))
                .readLine()
                .trim());
        // kill the child only once the shell has become the exec'd sleep, which never reaps: a shell that
        // had not exec'd yet reaped it at once, and the zombie was gone before it was seen
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Path comm = Path.of("/proc", Long.toString(parent.pid()), "comm");
        while (!Files.readString(comm).strip().equals("sleep")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the shell never exec'd sleep");
            Thread.sleep(5);
        }
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        while (!Files.readString(stat).contains(") Z ")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("pid " + pid + " never became a zombie");
            Thread.sleep(10);
        }
        return new Zombie(parent, pid);
    }

    @Override
    public void close() throws InterruptedException {
        parent.destroyForcibly();
        parent.waitFor(10, TimeUnit.SECONDS);
    }
}

package dev.dispatch.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link StoreProcessMain} running in its own JVM, with its stdout lines collected as they arrive. */
final class Forked implements AutoCloseable {
    private static final String EOF = "\u0000eof";
    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder err = new StringBuilder();

    private Forked(Process process) {
        this.process = process;
        Thread.ofVirtual()
                .start(() -> pump(
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                        true));
        Thread.ofVirtual()
                .start(() -> pump(
                        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                        false));
    }

    static Forked start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        // the store's tuning knobs reach the child as they reach this JVM
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("dispatch.store.")) cmd.add("-D" + name + "=" + System.getProperty(name));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StoreProcessMain.class.getName());
        cmd.addAll(List.of(args));
        return new Forked(new ProcessBuilder(cmd).start());
    }

    private void pump(BufferedReader r, boolean stdout) {
        try (r) {
            for (String line; (line = r.readLine()) != null; ) {
                if (stdout) lines.add(line);
                else
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
            }
        } catch (IOException ignored) {
            // the process died; what it printed before is what counts
        }
        if (stdout) lines.add(EOF);
    }

    /** The next stdout line, or {@code null} at end of output; fails after {@code seconds}. */
    String next(long seconds) throws InterruptedException {
        String l = lines.poll(seconds, TimeUnit.SECONDS);
        if (l == null)
            throw new AssertionError("no output from forked JVM within " + seconds + " s; stderr:\n" + err());
        if (l.equals(EOF)) {
            lines.add(EOF);
            return null;
        }
        return l;
    }

    /** Waits for a line equal to {@code expected}, failing with the process's stderr if it never comes. */
    void await(String expected, long seconds) throws InterruptedException {
        for (String l; (l = next(seconds)) != null; ) {
            if (l.equals(expected)) return;
        }
        throw new AssertionError("forked JVM ended before printing '" + expected + "'; stderr:\n" + err());
    }

    void send(String line) throws IOException {
        Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        w.write(line + "\n");
        w.flush();
    }

    String err() {
        synchronized (err) {
            return err.toString();
        }
    }

    int exit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS))
            throw new AssertionError("forked JVM did not exit; stderr:\n" + err());
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

package dev.dispatch.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running command. Two platform threads pump stdout and stderr into capped buffers and to the
 * listener (decoded as UTF-8 across chunk boundaries); {@link #await} waits for exit or the timeout,
 * {@link #cancel} kills the tree from any thread. Not virtual threads: a read blocked on a pipe pins
 * its carrier, and two commands whose pipes stay open were enough to starve every other reader.
 *
 * <p>No process outlives the call: when the command exits by itself, everything it left running
 * ({@code &}, {@code nohup}, {@code setsid}, double forks) is killed before {@link #await} returns,
 * exactly as at a timeout or a cancel.
 */
public final class ShellRun {
    /** How long readers may keep draining after the command exits before we assume a background child holds the pipe. */
    private static final long DRAIN_MILLIS = 1000;
    /** The bound on the readers once everything is killed. */
    private static final long LAST_DRAIN_MILLIS = 30_000;
    /** Output streamed to the listener per stream; past this the result still keeps head and tail. */
    static final long STREAM_LIMIT = 1 << 20;

    private final Process process;
    private final ShellCommand command;
    private final String tag;
    private final CappedOutput stdout;
    private final CappedOutput stderr;
    private final Thread outReader;
    private final Thread errReader;
    private final AtomicReference<ShellResult.Ending> forcedEnding = new AtomicReference<>();

    ShellRun(Process process, ShellCommand command, OutputListener listener, String tag) {
        this.process = process;
        this.command = command;
        this.tag = tag;
        this.stdout = new CappedOutput(command.outputCap());
        this.stderr = new CappedOutput(command.outputCap());
        this.outReader = Thread.ofPlatform()
                .daemon()
                .name("shell-out-" + process.pid())
                .start(() -> pump(process.getInputStream(), stdout, Channel.STDOUT, listener));
        this.errReader = Thread.ofPlatform()
                .daemon()
                .name("shell-err-" + process.pid())
                .start(() -> pump(process.getErrorStream(), stderr, Channel.STDERR, listener));
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the command and everything it started; {@link #await} then reports CANCELLED. */
    public void cancel() {
        forcedEnding.compareAndSet(null, ShellResult.Ending.CANCELLED);
        ProcessTree.kill(process, tag);
    }

    /** Waits for the command to end (killing its tree at the timeout) and returns what it did. */
    public ShellResult await() throws InterruptedException {
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                forcedEnding.compareAndSet(null, ShellResult.Ending.TIMED_OUT);
                ProcessTree.kill(process, tag);
                process.waitFor();
            }
        } catch (InterruptedException e) {
            cancel();
            throw e;
        }
        // whatever it left behind ends with the call; then the pipes close and the readers finish
        ProcessTree.kill(process, tag);
        outReader.join(DRAIN_MILLIS);
        errReader.join(DRAIN_MILLIS);
        if (outReader.isAlive() || errReader.isAlive()) {
            // every holder of the pipes is dead now: a reader still running is only slow (a loaded machine
            // left it unscheduled for the first second, and the call reported an empty output), so give
            // it what it needs to reach the end, bounded in case a process escaped the kill
            ProcessTree.kill(process, tag);
            outReader.join(LAST_DRAIN_MILLIS);
            errReader.join(LAST_DRAIN_MILLIS);
            // a process that escaped every kill still holds a pipe: close our ends so no reader waits forever
            closeQuietly(process.getInputStream());
            closeQuietly(process.getErrorStream());
        }
        ShellResult.Ending ending = forcedEnding.get() == null ? ShellResult.Ending.EXITED : forcedEnding.get();
        return new ShellResult(
                process.exitValue(), stdout.text(), stderr.text(), stdout.dropped() + stderr.dropped(), ending);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing to unblock a reader: nothing to report
        }
    }

    private static void pump(InputStream in, CappedOutput capture, Channel channel, OutputListener listener) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer pending = ByteBuffer.allocate(8192 + 8);
        byte[] buffer = new byte[8192];
        long streamed = 0;
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                capture.append(buffer, 0, n);
                if (streamed < STREAM_LIMIT) {
                    pending.put(buffer, 0, n).flip();
                    CharBuffer chars = CharBuffer.allocate(n + 8);
                    decoder.decode(pending, chars, false);
                    pending.compact();
                    chars.flip();
                    if (chars.hasRemaining()) deliver(listener, channel, chars.toString());
                    streamed += n;
                    if (streamed >= STREAM_LIMIT) {
                        deliver(
                                listener,
                                channel,
                                "\n[... streaming stopped after " + STREAM_LIMIT
                                        + " bytes; the result keeps the start and the end ...]\n");
                    }
                }
            }
        } catch (IOException e) {
            // the stream closed under us because the process was killed: what we have is the output
        }
    }

    // a broken listener must not stop the pump: a full pipe would block the command forever
    private static void deliver(OutputListener listener, Channel channel, String chunk) {
        try {
            listener.onOutput(channel, chunk);
        } catch (RuntimeException ignored) {
            // the output is still captured for the result
        }
    }
}

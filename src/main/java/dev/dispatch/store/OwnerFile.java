package dev.dispatch.store;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One holder of a data directory at a time, and who it is. The holder keeps an OS lock on
 * {@code dispatch.lock} (released by the kernel if the process dies, so a {@code kill -9} never leaves
 * the directory stuck) and describes itself in {@code dispatch.owner} (pid, role, kind, socket) so a
 * refused opener can name it.
 *
 * <p>We take our own lock before H2 takes its lock on the database file, because H2's lock only says
 * "in use" (error 90020) and, inside one JVM, a second open of the same file silently shares the
 * database. Inside one JVM the holders are tracked in a map: closing any channel on a locked file
 * releases the whole process's POSIX lock, so this process never opens the lock file twice.
 */
final class OwnerFile implements AutoCloseable {
    static final String LOCK_FILE = "dispatch.lock";
    static final String INFO_FILE = "dispatch.owner";
    private static final Map<Path, Holder> HELD_HERE = new ConcurrentHashMap<>();

    /** What the holder wrote about itself. */
    record Holder(long pid, StoreOptions.Role role, String kind, Path socket) {
        static Holder of(StoreOptions o) {
            return new Holder(ProcessHandle.current().pid(), o.role(), o.kind(), o.socket());
        }

        boolean alive() {
            return pid == ProcessHandle.current().pid() || processAlive(pid);
        }
    }

    private static final boolean PROC = Files.isDirectory(Path.of("/proc/self"));

    /**
     * Whether {@code pid} lives; a zombie (killed, not yet reaped) is dead: it holds no lock and never
     * answers, though {@link ProcessHandle#isAlive} says it exists. The same rule as
     * {@code protocol.ProcessLiveness}, copied because the store may import nothing from Dispatch
     * (ARCHITECTURE.md §2): read {@code /proc/PID/stat}, the state follows the last {@code ')'}.
     */
    static boolean processAlive(long pid) {
        if (pid <= 0) return false;
        if (!PROC) return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length()) return true;
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X' && state != 'x';
        } catch (IOException e) {
            return false;
        }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private OwnerFile(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the directory or throws {@link StoreBusyException}. An owner never waits; a one-shot waits up
     * to its bound while another one-shot holds it, and gives up at once if a live owner holds it.
     */
    static OwnerFile acquire(Path dir, StoreOptions options) {
        Holder me = Holder.of(options);
        Instant deadline =
                Instant.now().plus(options.role() == StoreOptions.Role.OWNER ? Duration.ZERO : options.waitFor());
        while (true) {
            OwnerFile taken = tryTake(dir, me);
            if (taken != null) return taken;
            Holder holder = HELD_HERE.getOrDefault(dir, read(dir));
            boolean ownerHolds = holder != null && holder.role() == StoreOptions.Role.OWNER && holder.alive();
            if (options.role() == StoreOptions.Role.OWNER || ownerHolds) {
                throw new StoreBusyException(dir, holder, null);
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new StoreBusyException(
                        dir, holder, "gave up after waiting " + seconds(options.waitFor()) + " for it to finish");
            }
            // another process: queue on the kernel's blocking lock, woken the moment it is released
            // (sleep-polling lets a busy neighbour win every race and starve a waiter); the same
            // process: fcntl locks are per process, so poll the in-JVM map instead
            OwnerFile queued = HELD_HERE.containsKey(dir) ? null : waitInQueue(dir, me, deadline);
            if (queued != null) return queued;
            sleepBriefly();
        }
    }

    /** Blocks on the lock file until it is ours, a long-lived owner shows up, or the deadline passes. */
    private static OwnerFile waitInQueue(Path dir, Holder me, Instant deadline) {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            return null;
        }
        java.util.concurrent.CompletableFuture<FileLock> granted = new java.util.concurrent.CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().daemon().name("store-lock-wait").start(() -> {
            try {
                granted.complete(ch.lock());
            } catch (IOException | RuntimeException e) {
                granted.completeExceptionally(e);
            }
        });
        try {
            while (Instant.now().isBefore(deadline)) {
                try {
                    FileLock lock = granted.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (HELD_HERE.putIfAbsent(dir, me) != null) {
                        lock.release();
                        closeQuietly(ch);
                        return null;
                    }
                    write(dir, me);
                    return new OwnerFile(dir, ch, lock);
                } catch (java.util.concurrent.TimeoutException stillWaiting) {
                    Holder holder = read(dir);
                    if (holder != null && holder.role() == StoreOptions.Role.OWNER && holder.alive()) break;
                }
            }
        } catch (java.util.concurrent.ExecutionException | IOException e) {
            // the wait failed (channel closed); fall back to the caller's loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the data dir");
        }
        closeQuietly(ch); // wakes the blocked waiter with an AsynchronousCloseException
        waiter.interrupt();
        return null;
    }

    private static OwnerFile tryTake(Path dir, Holder me) {
        if (HELD_HERE.putIfAbsent(dir, me) != null) return null;
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock != null) {
                write(dir, me);
                return new OwnerFile(dir, ch, lock);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            HELD_HERE.remove(dir);
            if (FileCheck.diskFull(e)) throw new DiskFullException(dir, e); // writing who holds it needs space
            throw new StoreException(
                    "cannot lock data dir " + dir + ": " + e.getMessage()
                            + " (check that the directory is writable by you)",
                    e);
        }
        closeQuietly(ch);
        HELD_HERE.remove(dir);
        return null;
    }

    private static void sleepBriefly() {
        try {
            // jitter spreads the retries of a burst of parallel commands
            Thread.sleep(20 + ThreadLocalRandom.current().nextInt(40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the data dir");
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Written to a temporary file and renamed, so a reader never sees half of it. */
    private static void write(Path dir, Holder me) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(me.pid()));
        p.setProperty("role", me.role().name());
        p.setProperty("kind", me.kind());
        if (me.socket() != null) p.setProperty("socket", me.socket().toString());
        Path tmp = dir.resolve(INFO_FILE + "." + me.pid() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "holder of this data dir; the lock on " + LOCK_FILE + " is what counts");
        }
        Files.move(tmp, dir.resolve(INFO_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The holder as last described, or {@code null} when unknown (not yet written, unreadable). */
    static Holder read(Path dir) {
        Path f = dir.resolve(INFO_FILE);
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            String socket = p.getProperty("socket");
            return new Holder(
                    Long.parseLong(p.getProperty("pid", "0")),
                    StoreOptions.Role.valueOf(p.getProperty("role", "ONE_SHOT")),
                    p.getProperty("kind", "unknown"),
                    socket == null ? null : Path.of(socket));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Forgets the description first, then lets the next holder in. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir.resolve(INFO_FILE));
        } catch (IOException ignored) {
            // a stale description is harmless: the lock decides, and the next holder overwrites it
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        }
        closeQuietly(channel);
        HELD_HERE.remove(dir);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing useful to do about a failed close of a lock file
        }
    }

    /** The data dir, created 0700 if missing and tightened to 0700 if looser, as a real path. */
    static Path prepareDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            Set<PosixFilePermission> only = PosixFilePermissions.fromString("rwx------");
            if (!Files.isDirectory(dir)) {
                if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(only));
                else Files.createDirectories(dir);
            }
            if (posix && !Files.getPosixFilePermissions(dir).equals(only)) Files.setPosixFilePermissions(dir, only);
            return dir.toRealPath();
        } catch (IOException e) {
            throw new StoreException(
                    "cannot prepare data dir " + dir + " (it must be a directory you own, mode 0700): "
                            + e.getMessage(),
                    e);
        }
    }
}

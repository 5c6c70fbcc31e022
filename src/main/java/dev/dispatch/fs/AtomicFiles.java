package dev.dispatch.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a file so that readers see either the old content or the new, never half of it: the bytes
 * go to a temporary file in the same directory (same file system, so the rename is atomic), are
 * forced to disk, keep the old file's permissions, and replace the target with one atomic move.
 * {@link #writeNoFollow} does the same through a directory opened without following links, for
 * writes a permission check decided on (the file tools): the temporary file is created in, and
 * renamed within, the very directory that was checked, whatever links appear meanwhile.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> NEW_FILE = Set.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);

    private AtomicFiles() {}

    /** Writes {@code data} to {@code target}, creating missing parent directories. */
    public static void write(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            keepPermissions(target, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes {@code data} to {@code real} (a checked real path: absolute, normalised, no links) without
     * following a link anywhere: its directory is opened component by component with
     * {@code O_NOFOLLOW} (missing ones are created and then opened the same way), the temporary file
     * is created there with {@code O_EXCL}, and {@code renameat} in that same directory replaces the
     * target. A link that appears at the target's name is replaced by the file, never followed.
     *
     * @return whether a file was replaced (false: created)
     * @throws NoFollow.ChangedException when a component became a link since the check
     */
    public static boolean writeNoFollow(Path real, byte[] data) throws IOException {
        Path parent = real.getParent();
        if (parent == null) throw new IOException("cannot write the root directory");
        Path name = real.getFileName();
        try (SecureDirectoryStream<Path> dir = directoryCreating(parent)) {
            Optional<BasicFileAttributes> existing = NoFollow.attributes(dir, name);
            if (existing.isPresent() && existing.get().isDirectory()) {
                throw new FileSystemException(real.toString(), null, "is a directory");
            }
            if (existing.isPresent() && existing.get().isSymbolicLink()) {
                throw new NoFollow.ChangedException(real, "a symbolic link appeared");
            }
            Set<PosixFilePermission> permissions = existing.isPresent()
                    ? dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes()
                            .permissions()
                    : NEW_FILE;
            Path temp = Path.of("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            boolean moved = false;
            try {
                try (SeekableByteChannel channel = dir.newByteChannel(
                        temp,
                        Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS))) {
                    ByteBuffer buffer = ByteBuffer.wrap(data);
                    while (buffer.hasRemaining()) channel.write(buffer);
                    if (channel instanceof FileChannel file) file.force(true);
                }
                dir.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(permissions);
                dir.move(temp, dir, name);
                moved = true;
            } finally {
                if (!moved) {
                    try {
                        dir.deleteFile(temp);
                    } catch (IOException ignored) {
                        // it was never created, or is already gone
                    }
                }
            }
            return existing.isPresent();
        }
    }

    /**
     * Opens {@code real} as {@link NoFollow#directory} does, creating missing directories on the way.
     * Java cannot {@code mkdirat}, so a missing directory is made by path; the path of the directory
     * it goes in is first checked to still be the directory held open (same device and inode), and
     * the new one is then opened from that directory without following links.
     */
    private static SecureDirectoryStream<Path> directoryCreating(Path real) throws IOException {
        try {
            return NoFollow.directory(real);
        } catch (NoSuchFileException missing) {
            // fall through: create what is missing, one component at a time
        }
        Path existing = real;
        while (existing.getParent() != null && NoFollow.attributes(existing).isEmpty()) existing = existing.getParent();
        SecureDirectoryStream<Path> current = NoFollow.directory(existing);
        try {
            Path at = existing;
            for (Path name : existing.relativize(real)) {
                Object key = current.getFileAttributeView(BasicFileAttributeView.class)
                        .readAttributes()
                        .fileKey();
                Object byPath =
                        Files.readAttributes(at, BasicFileAttributes.class).fileKey();
                if (!Objects.equals(key, byPath)) throw new NoFollow.ChangedException(at, "it was moved or replaced");
                try {
                    Files.createDirectory(at.resolve(name));
                } catch (FileAlreadyExistsException raced) {
                    // made meanwhile: opening it below still refuses a link
                }
                Path next = at.resolve(name);
                SecureDirectoryStream<Path> child = NoFollow.child(current, name, next);
                current.close();
                current = child;
                at = next;
            }
            return current;
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    // createTempFile makes the file 0600; an edited script must stay executable and a shared file readable
    private static void keepPermissions(Path target, Path temp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view == null) return;
        Set<PosixFilePermission> permissions;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            permissions = view.readAttributes().permissions();
        } else {
            permissions = Set.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.OTHERS_READ);
        }
        Files.setPosixFilePermissions(temp, permissions);
    }
}

package dev.dispatch.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a checked real path so that what is opened is what was checked. A permission check decides
 * on a path string; opening that string again later lets a symlink swapped in between carry the open
 * somewhere else. Here every component is opened relative to the directory opened before it
 * ({@code openat}) with {@code O_NOFOLLOW}, starting at {@code /}: a component that became a link, or
 * stopped being a directory, fails the open instead of being followed. A real path has no links, so
 * a path that still opens this way names exactly the place that was checked.
 */
public final class NoFollow {
    private static final LinkOption[] NO_LINKS = {LinkOption.NOFOLLOW_LINKS};

    private NoFollow() {}

    /** The path changed between the check and the open (a link appeared, or a file was swapped). */
    public static final class ChangedException extends FileSystemException {
        public ChangedException(Path path, String what) {
            super(path.toString(), null, what + " since it was checked; refused rather than follow it (try again)");
        }
    }

    /** An opened regular file: its channel and the attributes it had when opened. */
    public record OpenFile(SeekableByteChannel channel, BasicFileAttributes attributes) implements Closeable {
        public long size() {
            return attributes.size();
        }

        /** Up to {@code max} bytes from the start of the file. */
        public byte[] readAll(int max) throws IOException {
            channel.position(0);
            java.io.InputStream in = java.nio.channels.Channels.newInputStream(channel);
            return in.readNBytes(max);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * The directory at {@code real} (absolute, normalised, no links), opened component by component
     * without following links; the caller closes it.
     */
    public static SecureDirectoryStream<Path> directory(Path real) throws IOException {
        requireReal(real);
        SecureDirectoryStream<Path> current = root(real);
        try {
            for (Path name : real) {
                SecureDirectoryStream<Path> next = child(current, name, real);
                current.close();
                current = next;
            }
            return current;
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    /** The entry {@code name} in {@code dir}, opened as a directory without following a link. */
    public static SecureDirectoryStream<Path> child(SecureDirectoryStream<Path> dir, Path name, Path whole)
            throws IOException {
        try {
            return dir.newDirectoryStream(name, NO_LINKS);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw e.getFile() != null && e.getFile().equals(whole.toString()) ? e : rename(e, whole);
        } catch (FileSystemException e) {
            Optional<BasicFileAttributes> attrs = attributes(dir, name);
            if (attrs.isPresent() && attrs.get().isSymbolicLink())
                throw new ChangedException(whole, "a symbolic link appeared");
            throw e;
        }
    }

    /** The attributes of {@code real} itself (a link is reported as a link), or empty when it or a parent is missing. */
    public static Optional<BasicFileAttributes> attributes(Path real) throws IOException {
        requireReal(real);
        if (real.getParent() == null)
            return Optional.of(Files.readAttributes(real, BasicFileAttributes.class, NO_LINKS));
        try (SecureDirectoryStream<Path> dir = directory(real.getParent())) {
            return attributes(dir, real.getFileName());
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        }
    }

    /** The attributes of the entry {@code name} in {@code dir} without following it, or empty when it is missing. */
    public static Optional<BasicFileAttributes> attributes(SecureDirectoryStream<Path> dir, Path name)
            throws IOException {
        try {
            return Optional.of(dir.getFileAttributeView(name, BasicFileAttributeView.class, NO_LINKS)
                    .readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Opens the regular file at {@code real} for reading (see the class comment). */
    public static OpenFile openRegular(Path real) throws IOException {
        requireReal(real);
        if (real.getParent() == null) throw new FileSystemException(real.toString(), null, "is a directory");
        try (SecureDirectoryStream<Path> dir = directory(real.getParent())) {
            return openRegular(dir, real.getFileName(), real);
        }
    }

    /**
     * Opens the regular file {@code name} in {@code dir} for reading, without following a link, and
     * checks afterwards that the name still refers to the file whose attributes were read before:
     * a file swapped in between is refused, not read.
     */
    public static OpenFile openRegular(SecureDirectoryStream<Path> dir, Path name, Path whole) throws IOException {
        BasicFileAttributes before = attributes(dir, name).orElseThrow(() -> new NoSuchFileException(whole.toString()));
        if (before.isSymbolicLink()) throw new ChangedException(whole, "a symbolic link appeared");
        if (before.isDirectory()) throw new FileSystemException(whole.toString(), null, "is a directory");
        if (!before.isRegularFile()) {
            throw new FileSystemException(whole.toString(), null, "is not a regular file (a device, pipe or socket)");
        }
        SeekableByteChannel channel;
        try {
            channel = dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            throw new ChangedException(whole, "it disappeared");
        } catch (FileSystemException e) {
            throw new ChangedException(whole, "a symbolic link appeared");
        } catch (IOException e) {
            // the JDK reports O_NOFOLLOW's ELOOP as a plain IOException
            if (String.valueOf(e.getMessage()).contains("NOFOLLOW"))
                throw new ChangedException(whole, "a symbolic link appeared");
            throw e;
        }
        try {
            BasicFileAttributes after =
                    attributes(dir, name).orElseThrow(() -> new ChangedException(whole, "it disappeared"));
            if (!Objects.equals(before.fileKey(), after.fileKey()) || !after.isRegularFile()) {
                throw new ChangedException(whole, "it was replaced");
            }
            return new OpenFile(channel, after);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens files one after another, keeping the last directory open: a walk's files, sorted by path,
     * mostly share their directory, so each costs one {@code openat} rather than one per component.
     */
    public static final class Opener implements Closeable {
        private Path dirPath;
        private SecureDirectoryStream<Path> dir;

        public OpenFile open(Path real) throws IOException {
            requireReal(real);
            Path parent = real.getParent();
            if (parent == null) throw new FileSystemException(real.toString(), null, "is a directory");
            if (!parent.equals(dirPath)) {
                close();
                dir = directory(parent);
                dirPath = parent;
            }
            return openRegular(dir, real.getFileName(), real);
        }

        @Override
        public void close() throws IOException {
            if (dir != null) dir.close();
            dir = null;
            dirPath = null;
        }
    }

    private static SecureDirectoryStream<Path> root(Path real) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(real.getRoot());
        if (stream instanceof SecureDirectoryStream<Path> secure) return secure;
        stream.close();
        throw new IOException("this platform cannot open files relative to a directory (no openat), so " + real
                + " cannot be opened safely; Dispatch's file tools need Linux or another system with openat");
    }

    private static void requireReal(Path real) {
        if (!real.isAbsolute()) throw new IllegalArgumentException("not an absolute path: " + real);
        for (Path part : real) {
            String s = part.toString();
            if (s.equals(".") || s.equals("..")) throw new IllegalArgumentException("not a normalised path: " + real);
        }
    }

    private static FileSystemException rename(FileSystemException e, Path whole) {
        FileSystemException renamed = e instanceof NoSuchFileException
                ? new NoSuchFileException(whole.toString(), null, "a directory on the way does not exist")
                : new NotDirectoryException(whole.toString());
        renamed.initCause(e);
        return renamed;
    }
}

package dev.dispatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * The one way config reads a file, whether the file is config ({@code config.yaml}, {@code dispatch.yaml})
 * or named by it ({@code prompt_file}): resolve the real path, refuse kernel trees ({@code /proc},
 * {@code /sys}, {@code /dev}: their "files" are endless, empty-looking or secret), refuse anything but a
 * regular file (a FIFO blocks the reader forever, {@code /dev/zero} never ends), then read at most
 * {@code limit} bytes from the checked real path, opened without following links. A refusal is a
 * {@link Refused} whose message names the problem and the fix, without the file's name (callers
 * prefix it with their own location).
 */
final class ConfigFiles {
    /** Config files are hand-written settings; a megabyte is far beyond any real one. */
    static final long CONFIG_LIMIT = 1L << 20;

    /** A system prompt longer than this would crowd out the conversation anyway. */
    static final long PROMPT_LIMIT = 256L << 10;

    private static final List<Path> KERNEL_TREES = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

    private ConfigFiles() {}

    /** A file config may not read, with the reason phrased for the user. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** The real path of {@code file} (symlinks resolved), refused when it lies in a kernel tree. */
    static Path realPath(Path file) throws IOException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new Refused("does not exist");
        }
        for (Path tree : KERNEL_TREES) {
            if (real.startsWith(tree)) {
                throw new Refused("resolves to " + real + ", under " + tree + "; config may only name regular files");
            }
        }
        return real;
    }

    /** The real path of a regular file, checked as {@link #realPath} and by its own type. */
    static Path regularFile(Path file) throws IOException {
        Path real = realPath(file);
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            String what = a.isDirectory() ? "a directory" : "a device, FIFO or socket";
            throw new Refused("is " + what + ", not a regular file; config may only name regular files");
        }
        return real;
    }

    /** The UTF-8 text of a regular file of at most {@code limit} bytes. */
    static String read(Path file, long limit) throws IOException {
        Path real = regularFile(file);
        long size = Files.size(real);
        if (size > limit) throw tooBig(size, limit);
        // The size can change between the check and the read: read at most limit+1 bytes whatever it says.
        try (SeekableByteChannel ch =
                        Files.newByteChannel(real, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                InputStream in = Channels.newInputStream(ch)) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) throw tooBig(bytes.length, limit);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        }
    }

    private static Refused tooBig(long size, long limit) {
        return new Refused("is " + size + " bytes, over the limit of " + limit + " bytes (" + (limit >> 10)
                + " KiB); keep config small and put long text in a separate, smaller file");
    }
}

package dev.dispatch.app;

import dev.dispatch.fs.Content;
import dev.dispatch.fs.FileWalk;
import dev.dispatch.fs.RealPaths;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A project's files as an {@code @path} mention sees them: the list the completion offers (walked the
 * way agents' tools walk, so {@code .gitignore}d files and {@code .git} are left out, links never
 * followed) and the text of one file to attach to a prompt, refused with a reason a user can act on
 * when it is missing, outside the project (by {@code ..} or through a link), binary, or too big.
 */
public final class ProjectFiles {
    /** The largest file one mention attaches. */
    public static final long MAX_BYTES = 256 * 1024;

    private final Path root;

    public ProjectFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Up to {@code max} files, '/'-separated and relative to the root, in walk (name) order. */
    public List<String> list(int max) {
        List<String> out = new ArrayList<>();
        try {
            Path real = RealPaths.existingDirectory(root);
            FileWalk.walk(real, real, (file, attrs) -> {
                if (attrs.isRegularFile())
                    out.add(real.relativize(file).toString().replace('\\', '/'));
                return out.size() < max;
            });
        } catch (IOException | RuntimeException unreadable) {
            // what was found so far: an unreadable project offers fewer completions, never an error
        }
        return out;
    }

    /** The text of {@code relative}; an {@link IllegalArgumentException} says why it cannot be attached. */
    public String read(String relative) {
        String shown = "@" + relative;
        Path given = Path.of(relative);
        try {
            Path base = RealPaths.existingDirectory(root);
            Path real = RealPaths.resolve(base, given);
            if (!RealPaths.contains(base, real))
                throw new IllegalArgumentException(shown + " is outside the project (" + base
                        + "): @ attaches project files only; ask the agent to read it instead");
            if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS))
                throw new IllegalArgumentException(
                        shown + ": no such file in the project (Tab after @ completes names)");
            if (Files.isDirectory(real))
                throw new IllegalArgumentException(shown + " is a directory: @ attaches one file; name a file in it");
            if (!Files.isRegularFile(real))
                throw new IllegalArgumentException(shown + " is not a regular file: @ attaches text files only");
            long size = Files.size(real);
            if (size > MAX_BYTES)
                throw new IllegalArgumentException(shown + " is " + human(size) + ", over the " + human(MAX_BYTES)
                        + " an @ mention attaches: ask the agent to read the part you need");
            byte[] bytes = Files.readAllBytes(real);
            if (Content.isBinary(bytes, bytes.length))
                throw new IllegalArgumentException(shown + " is a binary file: @ attaches text files only");
            return Content.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(shown + " is not UTF-8 text: @ attaches text files only");
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(shown + " is not a usable path: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(shown + " could not be read: " + e.getMessage());
        }
    }

    private static String human(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}

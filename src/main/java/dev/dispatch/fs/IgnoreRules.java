package dev.dispatch.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The {@code .gitignore} rules of one project tree, parsed by JGit so matching is git's own:
 * every directory's {@code .gitignore} applies to the paths below it, the deepest rule that decides
 * wins (so a nested {@code !keep.log} re-includes what a parent ignored), plus
 * {@code .git/info/exclude}. {@code .git} itself is always ignored. Files are read lazily, once.
 */
public final class IgnoreRules {
    private static final IgnoreNode NONE = new IgnoreNode();

    private final Path root;
    private final Map<Path, IgnoreNode> byDirectory = new HashMap<>();

    /** @param root the directory whose {@code .gitignore} is the top one (the project root) */
    public IgnoreRules(Path root) throws IOException {
        this.root = root;
        IgnoreNode exclude = load(root.resolve(".git").resolve("info").resolve("exclude"));
        IgnoreNode top = load(root.resolve(".gitignore"));
        if (exclude != NONE) {
            // info/exclude has the lowest precedence: its rules come first, so .gitignore's later rules win
            List<FastIgnoreRule> rules = new ArrayList<>(exclude.getRules());
            rules.addAll(top.getRules());
            top = new IgnoreNode(rules);
        }
        byDirectory.put(root, top);
    }

    /** Whether {@code path} (absolute, at or below the root) is ignored; {@code kind} says if it is a directory. */
    public boolean ignored(Path path, EntryKind kind) throws IOException {
        if (!path.startsWith(root) || path.equals(root)) return false;
        if (path.getFileName().toString().equals(".git")) return true;
        boolean directory = kind == EntryKind.DIRECTORY;
        for (Path dir = path.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            IgnoreNode node = rulesOf(dir);
            if (node.getRules().isEmpty()) continue;
            String relative =
                    dir.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
            Boolean verdict = node.checkIgnored(relative, directory);
            if (verdict != null) return verdict;
        }
        return false;
    }

    /** Whether a path names a directory or something else, for rules such as {@code build/}. */
    public enum EntryKind {
        DIRECTORY,
        FILE;

        public static EntryKind of(Path path) {
            return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE;
        }
    }

    private IgnoreNode rulesOf(Path dir) throws IOException {
        IgnoreNode node = byDirectory.get(dir);
        if (node == null) {
            node = load(dir.resolve(".gitignore"));
            byDirectory.put(dir, node);
        }
        return node;
    }

    // like git (2.32+), a .gitignore that is a symbolic link is not read: it could point anywhere
    private static IgnoreNode load(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return NONE;
        IgnoreNode node = new IgnoreNode();
        try (NoFollow.OpenFile open = NoFollow.openRegular(file);
                InputStream in = java.nio.channels.Channels.newInputStream(open.channel())) {
            node.parse(file.toString(), in);
        } catch (NoFollow.ChangedException | java.nio.file.NoSuchFileException changed) {
            return NONE;
        }
        return node;
    }
}

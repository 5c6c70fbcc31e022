package dev.dispatch.lsp;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the servers about changes on disk by anyone else (the user's editor, a build, another tool).
 * Watched: the directories of the documents the servers have open, and the project's tree down to
 * {@link #TREE_DEPTH} levels, at most {@link #MAX_TREE_DIRS} directories (hidden and dependency or
 * build folders skipped, as detection skips them), new directories included while under the cap: a
 * whole-tree watch of a big project would exhaust the user's inotify watches. Each changed path is
 * reported once per event with what happened to it.
 */
final class FileWatch implements AutoCloseable {
    static final int TREE_DEPTH = 6;
    static final int MAX_TREE_DIRS = 512;
    private static final Set<String> SKIP =
            Set.of("node_modules", "target", "build", "dist", "venv", "__pycache__", "out");

    /** What happened to a path. */
    enum Change {
        CREATED,
        CHANGED,
        DELETED;

        /** As LSP's {@code workspace/didChangeWatchedFiles} names it. */
        org.eclipse.lsp4j.FileChangeType type() {
            return switch (this) {
                case CREATED -> org.eclipse.lsp4j.FileChangeType.Created;
                case CHANGED -> org.eclipse.lsp4j.FileChangeType.Changed;
                case DELETED -> org.eclipse.lsp4j.FileChangeType.Deleted;
            };
        }
    }

    /** Hears the changes. */
    interface Listener {
        void changed(Path path, Change change);
    }

    private final WatchService service;
    private final Map<Path, WatchKey> dirs = new ConcurrentHashMap<>();
    /** The tree's directories watched, by depth below the root; none until {@link #watchTree}. */
    private final Map<Path, Integer> tree = new ConcurrentHashMap<>();

    private final Listener changed;
    private final Thread thread;
    private volatile Path root;

    FileWatch(Listener changed) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.changed = changed;
        this.thread = new Thread(this::run, "lsp-file-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches {@code dir} (a document's directory) from now on; again is a no-op. */
    void watch(Path dir) {
        dirs.computeIfAbsent(dir, d -> {
            try {
                return d.register(
                        service,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            } catch (IOException | ClosedWatchServiceException e) {
                return null; // a directory that cannot be watched: edits through the tools still sync
            }
        });
    }

    /** Watches the project's tree under {@code root}, bounded (see the class comment); again is a no-op. */
    void watchTree(Path root) {
        synchronized (this) {
            if (this.root != null) return;
            this.root = root;
        }
        addTree(root, 0);
    }

    /** How many directories are watched (tests; the bound). */
    int watchedDirectories() {
        return (int) dirs.values().stream().filter(java.util.Objects::nonNull).count();
    }

    private void addTree(Path start, int depth) {
        try {
            Files.walkFileTree(start, Set.of(), TREE_DEPTH - depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && skipped(dir)) return FileVisitResult.SKIP_SUBTREE;
                    if (tree.size() >= MAX_TREE_DIRS) return FileVisitResult.TERMINATE;
                    tree.put(
                            dir,
                            dir.equals(start)
                                    ? depth
                                    : depth + start.relativize(dir).getNameCount());
                    watch(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    // a folder that appeared: what was written into it before its watch began is new too
                    if (depth > 0 && attrs.isRegularFile()) changed.changed(file, Change.CREATED);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what could be walked is watched
        }
    }

    private static boolean skipped(Path dir) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        return name.startsWith(".") || SKIP.contains(name);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (!(event.context() instanceof Path name)) continue;
                    Path path = dir.resolve(name);
                    Change change = event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                            ? Change.CREATED
                            : event.kind() == StandardWatchEventKinds.ENTRY_DELETE ? Change.DELETED : Change.CHANGED;
                    try {
                        Integer depth = tree.get(dir);
                        if (change == Change.CREATED
                                && depth != null
                                && depth + 1 < TREE_DEPTH
                                && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                                && !skipped(path)) {
                            addTree(path, depth + 1); // a new folder in the tree: its files are seen too
                            continue;
                        }
                        changed.changed(path, change);
                    } catch (RuntimeException e) {
                        // one bad notification must not end the watch
                    }
                }
                if (!key.reset()) {
                    dirs.remove(dir);
                    tree.remove(dir);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing is best effort
        }
        thread.interrupt();
    }
}

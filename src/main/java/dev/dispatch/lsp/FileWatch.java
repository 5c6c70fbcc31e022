package dev.dispatch.lsp;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells the servers about changes on disk by anyone else (the user's editor, a build, another tool):
 * watches the directories of the documents the servers have open (not the whole tree, which on a
 * big project would exhaust inotify watches) and reports each changed path once.
 */
final class FileWatch implements AutoCloseable {
    private final WatchService service;
    private final Map<Path, WatchKey> dirs = new ConcurrentHashMap<>();
    private final Consumer<Path> changed;
    private final Thread thread;

    FileWatch(Consumer<Path> changed) throws IOException {
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

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        try {
                            changed.accept(dir.resolve(name));
                        } catch (RuntimeException e) {
                            // one bad notification must not end the watch
                        }
                    }
                }
                if (!key.reset()) dirs.remove(dir);
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

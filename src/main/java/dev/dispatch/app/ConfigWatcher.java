package dev.dispatch.app;

import dev.dispatch.skill.Skills;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Hot reload for a long-lived engine: watches the user config directory, each project's directory
 * (its {@code dispatch.yaml}) and the skills folders, and after a quiet spell ({@code debounce}, so an
 * editor's write-rename-chmod is one change) reloads what changed. Folders created later (a new
 * {@code .skills/default}) are picked up at the next change of their parent.
 */
final class ConfigWatcher implements AutoCloseable {
    private static final Set<String> CONFIG_FILES = Set.of("config.yaml", "dispatch.yaml");
    private final ProjectConfigs projects;
    private final Duration debounce;
    private final WatchService service;
    private final Map<WatchKey, Path> watched = new ConcurrentHashMap<>();
    private final Set<Path> roots = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    ConfigWatcher(ProjectConfigs projects, Duration debounce) throws IOException {
        this.projects = projects;
        this.debounce = debounce;
        this.service = FileSystems.getDefault().newWatchService();
        this.thread = Thread.ofPlatform().daemon().name("dispatch-config-watch").start(this::run);
    }

    /** Starts watching a project's config and skills (idempotent). */
    void watch(Path root) {
        if (roots.add(root)) registerProject(root);
    }

    private void registerProject(Path root) {
        registerDir(projects.dirs().userConfigFile().getParent());
        registerDir(root);
        projects.config(root)
                .sources()
                .forEach(s -> registerDir(s.toAbsolutePath().getParent()));
        for (Path p : Skills.folders(projects.home(), root)) {
            registerDir(p.getParent());
            registerDir(p);
            // SKILL.md skills live one folder further down
            if (p.endsWith("skills")) children(p).forEach(this::registerDir);
        }
    }

    private static java.util.List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) return java.util.List.of();
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }

    private void registerDir(Path dir) {
        if (dir == null || !Files.isDirectory(dir) || watched.containsValue(dir)) return;
        try {
            WatchKey k = dir.register(
                    service,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            watched.put(k, dir);
        } catch (IOException | ClosedWatchServiceException e) {
            // a folder that vanished meanwhile is registered again when it reappears
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey first = service.take();
                Set<Path> changed = new HashSet<>();
                collect(first, changed);
                // 1) debounce: gather everything that changes within the quiet spell
                WatchKey more;
                while ((more = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null)
                    collect(more, changed);
                // 2) reload what the changes touch
                apply(changed);
            }
        } catch (InterruptedException | ClosedWatchServiceException stop) {
            // closing
        }
    }

    private void collect(WatchKey key, Set<Path> changed) {
        Path dir = watched.get(key);
        for (WatchEvent<?> e : key.pollEvents()) {
            if (dir != null && e.context() instanceof Path p) changed.add(dir.resolve(p));
        }
        if (!key.reset()) watched.remove(key);
    }

    private void apply(Set<Path> changed) {
        for (Path root : roots) {
            boolean config = false;
            boolean skills = false;
            for (Path p : changed) {
                String name = p.getFileName().toString();
                if (CONFIG_FILES.contains(name)) config = true;
                else if (isSkillPath(root, p)) skills = true;
            }
            if (config) projects.reloadConfig(root);
            if (skills) projects.reloadSkills(root);
            registerProject(root);
        }
    }

    private boolean isSkillPath(Path root, Path p) {
        for (Path base : java.util.List.of(root, projects.home())) {
            for (String s : java.util.List.of(".skills", ".claude", ".agents")) {
                if (p.startsWith(base.resolve(s))) return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        thread.interrupt();
    }
}

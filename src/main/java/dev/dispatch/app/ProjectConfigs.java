package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ConfigProblem;
import dev.dispatch.config.Dirs;
import dev.dispatch.config.LiveConfig;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.KeyEvents;
import dev.dispatch.skill.SkillCatalog;
import dev.dispatch.skill.Skills;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The live config and skills of each project the engine runs agents in. Both are read once, then
 * kept current by {@link #reload}: a valid config replaces the old one for new calls (running calls
 * finish with what they had) and is announced; an invalid one keeps the last good config and its
 * problems are announced with file:line. The {@link ConfigWatcher} calls reload when files change.
 */
final class ProjectConfigs {
    private final Dirs dirs;
    private final Map<String, String> env;
    private final Consumer<Event> events;
    private final InstantSource clock;
    private final Path home;
    private final Map<Path, LiveConfig> configs = new ConcurrentHashMap<>();
    private final Map<Path, SkillCatalog> skills = new ConcurrentHashMap<>();
    private final List<Runnable> onConfigChange = new java.util.concurrent.CopyOnWriteArrayList<>();

    ProjectConfigs(Dirs dirs, Map<String, String> env, Consumer<Event> events, InstantSource clock) {
        this.dirs = dirs;
        this.env = env;
        this.events = events;
        this.clock = clock;
        this.home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")))
                .toAbsolutePath()
                .normalize();
    }

    Dirs dirs() {
        return dirs;
    }

    Path home() {
        return home;
    }

    /** Runs after every valid config reload (e.g. re-enable keys the user may have fixed). */
    void onConfigChange(Runnable r) {
        onConfigChange.add(r);
    }

    /** The live config of a project; the first load of an invalid config is an error naming every problem. */
    LiveConfig live(Path root) {
        LiveConfig l = configs.get(root);
        if (l != null) return l;
        try {
            return configs.computeIfAbsent(root, r -> new LiveConfig(new ConfigLoader(dirs, env, r)));
        } catch (ConfigException e) {
            throw EngineException.invalid("invalid configuration:\n"
                    + e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        }
    }

    Config config(Path root) {
        return live(root).current();
    }

    /** The project's skills; files that failed to load on the first read are announced, naming each file. */
    SkillCatalog skills(Path root) {
        SkillCatalog c = skills.get(root);
        if (c != null) return c;
        SkillCatalog loaded = Skills.load(home, root);
        if (skills.putIfAbsent(root, loaded) == null && !loaded.warnings().isEmpty()) {
            events.accept(JournalEvent.uncommitted(new KeyEvents.SkillsReloaded(
                    root.toString(), loaded.skills().size(), loaded.warnings(), clock.instant())));
        }
        return skills.get(root);
    }

    /** Projects with a loaded config, for the watcher. */
    List<Path> roots() {
        return List.copyOf(configs.keySet());
    }

    /** Reads the project's config again; true when it was valid and is now in force. */
    boolean reloadConfig(Path root) {
        LiveConfig l = configs.get(root);
        if (l == null) return false;
        List<ConfigProblem> problems = l.reload();
        if (!problems.isEmpty()) {
            events.accept(new KeyEvents.ConfigRejected(
                    problems.stream().map(ConfigProblem::toString).toList(), clock.instant()));
            return false;
        }
        // effects first, then the announcement: whoever hears ConfigReloaded sees the new state
        onConfigChange.forEach(Runnable::run);
        events.accept(JournalEvent.uncommitted(new KeyEvents.ConfigReloaded(
                l.current().sources().stream().map(Path::toString).toList(), clock.instant())));
        return true;
    }

    /** Reads the project's skills again and announces the result with any warnings. */
    void reloadSkills(Path root) {
        SkillCatalog c = Skills.load(home, root);
        skills.put(root, c);
        events.accept(JournalEvent.uncommitted(
                new KeyEvents.SkillsReloaded(root.toString(), c.skills().size(), c.warnings(), clock.instant())));
    }
}

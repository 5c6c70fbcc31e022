package dev.dispatch.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the layered configuration: built-in defaults < user {@code config.yaml} < project
 * {@code dispatch.yaml} (nearest from the cwd up to the git root) < {@code DISPATCH_*} env < flags.
 * Env, cwd and {@link Dirs} are passed in, so tests never touch the real home. Each {@link #load} reads
 * everything afresh and returns a new immutable {@link Config}; that is all a reload needs.
 */
public final class ConfigLoader {
    public static final String PROJECT_FILE = "dispatch.yaml";

    private final Dirs dirs;
    private final Map<String, String> env;
    private final Path cwd;
    private final List<FlagValue> flags;

    public ConfigLoader(Dirs dirs, Map<String, String> env, Path cwd) {
        this(dirs, env, cwd, List.of());
    }

    private ConfigLoader(Dirs dirs, Map<String, String> env, Path cwd, List<FlagValue> flags) {
        this.dirs = dirs;
        this.env = Map.copyOf(env);
        this.cwd = cwd.toAbsolutePath().normalize();
        this.flags = List.copyOf(flags);
    }

    public ConfigLoader withFlags(List<FlagValue> flagValues) {
        return new ConfigLoader(dirs, env, cwd, flagValues);
    }

    public Path userFile() {
        return dirs.userConfigFile();
    }

    /** The nearest {@code dispatch.yaml} from the cwd up to the git root (just the cwd outside git). */
    public Optional<Path> projectFile() {
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(PROJECT_FILE);
            // Whatever is there is reported if it is no regular file (a FIFO, a link to /dev/zero), not skipped.
            if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(candidate)
                    && !candidate.equals(userFile())) {
                return Optional.of(candidate);
            }
            if (Files.exists(dir.resolve(".git")) || gitRoot().isEmpty()) break;
        }
        return Optional.empty();
    }

    private Optional<Path> gitRoot() {
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) return Optional.of(dir);
        }
        return Optional.empty();
    }

    /**
     * How messages name the user config where they are written ({@code ConfigAssembly}, {@code FileBinder},
     * …): the loader replaces it with {@link #userFile()}, the file this environment really uses
     * ({@code DISPATCH_HOME}, {@code XDG_CONFIG_HOME}), so no message points at a file Dispatch does not read.
     */
    public static final String USER_FILE_IN_MESSAGES = "~/.config/dispatch/config.yaml";

    /** The merged, validated snapshot; a {@link ConfigException} lists every problem in every layer. */
    public Config load() {
        try {
            return loadLayers();
        } catch (ConfigException e) {
            throw new ConfigException(withRealPath(e.problems()));
        }
    }

    private List<ConfigProblem> withRealPath(List<ConfigProblem> problems) {
        String real = userFile().toString();
        return problems.stream()
                .map(p -> p.message().contains(USER_FILE_IN_MESSAGES)
                        ? new ConfigProblem(p.where(), p.key(), p.message().replace(USER_FILE_IN_MESSAGES, real))
                        : p)
                .toList();
    }

    private Config loadLayers() {
        LayerMerge merged = new LayerMerge();
        List<Path> sources = new ArrayList<>();
        if (Files.exists(userFile(), LinkOption.NOFOLLOW_LINKS)) {
            sources.add(userFile());
            merged.add(readFile(userFile(), Origin.Kind.USER_FILE));
        }
        Optional<Path> project = projectFile();
        project.ifPresent(p -> {
            sources.add(p);
            merged.add(readFile(p, Origin.Kind.PROJECT_FILE));
        });
        merged.add(EnvLayer.read(env, new PathRules(home(), cwd)));
        merged.add(EnvLayer.flags(flags, new PathRules(home(), cwd)));
        return ConfigAssembly.assemble(merged, sources);
    }

    /**
     * The problems of one file on its own (syntax, keys, types, layer rules), without merging: a file
     * named {@code dispatch.yaml} is checked as a project file, any other as a user config.
     */
    public List<ConfigProblem> validateFile(Path file) {
        Origin.Kind kind =
                file.getFileName().toString().equals(PROJECT_FILE) ? Origin.Kind.PROJECT_FILE : Origin.Kind.USER_FILE;
        return withRealPath(readFile(file.toAbsolutePath().normalize(), kind).problems);
    }

    private LayerValues readFile(Path file, Origin.Kind kind) {
        String name = displayName(file);
        LayerValues failed = new LayerValues();
        try {
            PathRules rules = kind == Origin.Kind.PROJECT_FILE
                    ? PathRules.projectFile(home(), file.getParent(), projectRoot(file), dirs)
                    : PathRules.userFile(home(), file.getParent());
            // A repository's dispatch.yaml is itself a project file: a link to ~/.ssh/… is not config.
            if (rules.projectRoot() != null) rules.file(file.getFileName().toString());
            String text = ConfigFiles.read(file, ConfigFiles.CONFIG_LIMIT);
            Node.Mapping root = YamlReader.read(text, kind, name);
            LayerValues bound = FileBinder.bind(root, kind, env, rules);
            // a project file's relative deny globs are relative to its own folder (PermissionsConfig.DenyRule)
            if (kind == Origin.Kind.PROJECT_FILE) bound.dir = PathRules.realish(file.getParent());
            return bound;
        } catch (ConfigException e) {
            failed.problems.addAll(e.problems());
        } catch (CharacterCodingException e) {
            failed.problem(Origin.wholeFile(kind, name), "", "the file is not valid UTF-8; save it as UTF-8");
        } catch (ConfigFiles.Refused e) {
            failed.problem(Origin.wholeFile(kind, name), "", "the config file " + e.getMessage());
        } catch (IllegalArgumentException e) {
            failed.problem(Origin.wholeFile(kind, name), "", "the config file " + e.getMessage());
        } catch (IOException e) {
            failed.problem(Origin.wholeFile(kind, name), "", "cannot read: " + e.getMessage());
        }
        return failed;
    }

    /** The project a {@code dispatch.yaml} belongs to: the git work tree holding it, else its directory. */
    private static Path projectRoot(Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) return d;
        }
        return dir;
    }

    /** {@code ~/…} for files under the home, relative to the cwd for files under it, else absolute. */
    String displayName(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.startsWith(cwd) && !abs.equals(cwd)) return cwd.relativize(abs).toString();
        Path home = home();
        if (abs.startsWith(home) && !abs.equals(home)) return "~/" + home.relativize(abs);
        return abs.toString();
    }

    private Path home() {
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")))
                .toAbsolutePath()
                .normalize();
    }
}

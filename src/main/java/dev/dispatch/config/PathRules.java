package dev.dispatch.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * How path settings are read in one layer: {@code ~/} is the user's home; relative list paths are
 * resolved against {@code base} (the project directory, or the cwd for env and flags) and refused
 * where there is none (the user config, which belongs to no directory); a file setting
 * ({@link ValueType#FILE}) is relative to {@code fileDir}, the config file's own directory.
 *
 * <p>A project's {@code dispatch.yaml} comes with a repository, so it may only name files of that
 * repository: with a {@code projectRoot}, every path must resolve, by real path (symlinks resolved),
 * inside it and outside Dispatch's own directories ({@code ownDirs}), or it is refused with an
 * {@link Outside}. Every layer's files must be regular files outside {@code /proc}, {@code /sys} and
 * {@code /dev} ({@link ConfigFiles}).
 *
 * @param projectRoot the project a project layer is confined to; null for the user's own layers
 * @param ownDirs Dispatch's data, config, runtime and state directories (checked with a project root)
 */
record PathRules(Path home, Path base, Path fileDir, Path projectRoot, List<Path> ownDirs) {
    /** A path the layer may not name; the message starts with the written value in quotes. */
    static final class Outside extends IllegalArgumentException {
        Outside(String message) {
            super(message);
        }
    }

    PathRules {
        ownDirs = List.copyOf(ownDirs);
    }

    /** The env and flag layers: the user's own, relative to the cwd. */
    PathRules(Path home, Path cwd) {
        this(home, cwd, cwd, null, List.of());
    }

    static PathRules userFile(Path home, Path configDir) {
        return new PathRules(home, null, configDir, null, List.of());
    }

    static PathRules projectFile(Path home, Path fileDir, Path projectRoot, Dirs dirs) {
        return new PathRules(
                home, fileDir, fileDir, projectRoot, List.of(dirs.data(), dirs.config(), dirs.runtime(), dirs.state()));
    }

    /**
     * The same rules without the project confinement, for {@link Field.Merge#NARROW} lists: the merge
     * already refuses any entry outside the user's own list, so such a path can only take away.
     */
    PathRules narrowing() {
        return new PathRules(home, base, fileDir, null, List.of());
    }

    /** A path of a {@link ValueType#PATH_LIST}: normalised; confined when this is a project layer. */
    Path resolve(String text) {
        String t = text.trim();
        Path p = expandHome(t);
        if (p == null) {
            if (base == null) {
                throw new IllegalArgumentException(
                        "'" + t + "' is relative; write an absolute path or one starting with ~/");
            }
            p = base.resolve(t).normalize();
        }
        if (projectRoot != null) confine(t, realish(p));
        return p;
    }

    /** A {@link ValueType#FILE}: the real path of an existing regular file the layer may name. */
    Path file(String text) {
        String t = text.trim();
        Path p = expandHome(t);
        if (p == null) p = fileDir.resolve(t).normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("'" + t + "' does not exist (looked for " + p + "; a relative path is"
                    + " relative to the config file's directory)");
        }
        try {
            Path real = ConfigFiles.realPath(p);
            if (projectRoot != null) confine(t, real);
            return ConfigFiles.regularFile(real);
        } catch (ConfigFiles.Refused e) {
            throw new IllegalArgumentException("'" + t + "' " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read '" + t + "' (" + e.getMessage() + ")");
        }
    }

    private Path expandHome(String t) {
        if (t.equals("~")) return home;
        if (t.startsWith("~/")) return home.resolve(t.substring(2)).normalize();
        Path p = Path.of(t);
        return p.isAbsolute() ? p.normalize() : null;
    }

    private void confine(String written, Path real) {
        Path root = realish(projectRoot);
        if (!real.startsWith(root)) {
            throw new Outside("'" + written + "' is outside the project (" + root + "); a project config may only"
                    + " name files inside it");
        }
        for (Path own : ownDirs) {
            Path ownReal = realish(own);
            if (real.startsWith(ownReal)) {
                throw new Outside("'" + written + "' is in Dispatch's own directory (" + ownReal + "); a project config"
                        + " may only name the project's files");
            }
        }
        // The kernel trees are refused for every layer; here too, for list paths that are not read as files.
        if (real.startsWith("/proc") || real.startsWith("/sys") || real.startsWith("/dev")) {
            throw new Outside("'" + written + "' resolves to " + real + "; a project config may only name the"
                    + " project's files");
        }
    }

    /**
     * The real path of {@code p}, or of its deepest existing ancestor with the rest appended (a list path
     * need not exist yet): symlinks anywhere along an existing prefix are resolved, so a link inside the
     * project cannot point a setting outside it.
     */
    static Path realish(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) return abs;
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            // A dangling link or a loop: nothing real to point at; judge the written path as it stands.
            return abs;
        }
    }
}

package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ConfigProblem;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** The project a face is working in: its real root, its space name and its merged config. */
final class ProjectConfig {
    private ProjectConfig() {}

    static Config load(Dirs dirs, Map<String, String> env, Path root) {
        try {
            return new ConfigLoader(dirs, env, root).load();
        } catch (ConfigException e) {
            throw EngineException.invalid("invalid configuration:\n"
                    + e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        }
    }

    /** The real path of {@code cwd} (default: the current directory); a clear error if it is no directory. */
    static Path root(String cwd) {
        Path p = Path.of(cwd == null || cwd.isBlank() ? "" : cwd)
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(p)) throw EngineException.invalid("--cwd " + p + " is not a directory");
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw EngineException.invalid("--cwd " + p + ": " + e.getMessage());
        }
    }

    /** The space of a project: the git root's directory name, else the directory's own name. */
    static String space(Path root) {
        for (Path p = root; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git")))
                return p.getFileName() == null ? "default" : p.getFileName().toString();
        }
        return root.getFileName() == null ? "default" : root.getFileName().toString();
    }
}

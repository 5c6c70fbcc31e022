package dev.dispatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --space}: which project namespace to act in (default: the git root's directory name). */
public final class SpaceMixin {
    @Option(
            names = "--space",
            paramLabel = "NAME",
            description = "Project space (default: git root's directory name, else the current directory's).")
    String space;

    public String resolve() {
        return resolve(space);
    }

    /** {@code given} when set, else the default space of the working directory. */
    static String resolve(String given) {
        if (given != null && !given.isBlank()) return given;
        return defaultSpace(Path.of("").toAbsolutePath());
    }

    static String defaultSpace(Path cwd) {
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) return name(p);
        }
        return name(cwd);
    }

    private static String name(Path p) {
        Path f = p.getFileName();
        return f == null ? "default" : f.toString();
    }
}

package dev.dispatch.config;

import java.nio.file.Path;

/**
 * How path settings are read in one layer: {@code ~/} is the user's home; relative paths are resolved
 * against {@code base} (the project directory, or the cwd for env and flags) and refused where there is
 * none (the user config, which belongs to no directory).
 */
record PathRules(Path home, Path base) {
    Path resolve(String text) {
        String t = text.trim();
        if (t.equals("~")) return home;
        if (t.startsWith("~/")) return home.resolve(t.substring(2)).normalize();
        Path p = Path.of(t);
        if (p.isAbsolute()) return p.normalize();
        if (base == null) {
            throw new IllegalArgumentException(
                    "'" + t + "' is relative; write an absolute path or one starting with ~/");
        }
        return base.resolve(p).normalize();
    }
}

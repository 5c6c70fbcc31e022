package dev.dispatch.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A fake home, DISPATCH_HOME and project in a temp dir, so config tests never touch the real home. */
final class ConfigFixture {
    final Path root;
    final Path home;
    final Path project;
    final Map<String, String> env = new HashMap<>();

    ConfigFixture(Path root) {
        this.root = root;
        this.home = root.resolve("home");
        this.project = home.resolve("src/app");
        env.put("HOME", home.toString());
        env.put("DISPATCH_HOME", root.resolve("dh").toString());
        mkdirs(project.resolve(".git"));
    }

    Dirs dirs() {
        return Dirs.resolve(env);
    }

    Path userFile(String yaml) {
        return write(dirs().userConfigFile(), yaml);
    }

    Path projectFile(String yaml) {
        return write(project.resolve("dispatch.yaml"), yaml);
    }

    ConfigLoader loader() {
        return new ConfigLoader(dirs(), env, project);
    }

    Config load() {
        return loader().load();
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.dispatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs commands in-process against a temp DISPATCH_HOME, home and git project, never the real ones. */
final class CliFixture {
    final Path root;
    final Path project;
    final Map<String, String> env = new HashMap<>();

    CliFixture(Path root) {
        this.root = root;
        this.project = root.resolve("home/src/app");
        env.put("HOME", root.resolve("home").toString());
        env.put("DISPATCH_HOME", root.resolve("dh").toString());
        env.put("PATH", root.resolve("bin").toString());
        mkdirs(project.resolve(".git"));
    }

    CliHarness.Result run(String... args) {
        return Environment.with(new Environment.Snapshot(env, project), () -> CliHarness.run(args));
    }

    Path userConfig(String yaml) {
        return write(root.resolve("dh/config/config.yaml"), yaml);
    }

    Path projectConfig(String yaml) {
        return write(project.resolve("dispatch.yaml"), yaml);
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

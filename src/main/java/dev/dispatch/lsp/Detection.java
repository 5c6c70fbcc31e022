package dev.dispatch.lsp;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which servers a project uses, from its files: a root marker ({@code tsconfig.json}, {@code go.mod})
 * or a source file of the server's language near the top of the tree (a bounded walk that skips
 * hidden and dependency folders), and where each server's program is on PATH.
 */
final class Detection {
    /** How deep and how many entries the walk looks at: detection must stay cheap on a big tree. */
    static final int MAX_DEPTH = 4;

    static final int MAX_ENTRIES = 5000;
    private static final Set<String> SKIP = Set.of("node_modules", "target", "build", "dist", "venv", "__pycache__");

    private Detection() {}

    /** The servers of {@code specs} this project uses, in spec order. */
    static List<ServerSpec> detect(Path root, List<ServerSpec> specs, Map<String, String> env) {
        Set<String> extensions = extensionsNear(root);
        List<ServerSpec> out = new ArrayList<>();
        for (ServerSpec s : specs) {
            boolean used = s.rootMarkers().stream().anyMatch(m -> Files.exists(root.resolve(m)))
                    || s.extensions().stream().anyMatch(extensions::contains);
            if (!used) continue;
            if (s.onlyWhenInstalled() && executable(s.command(), env).isEmpty()) continue;
            out.add(s);
        }
        return out;
    }

    /** The program {@code command} names: itself when it has a slash, else the first match on PATH. */
    static Optional<Path> executable(String command, Map<String, String> env) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static Set<String> extensionsNear(Path root) {
        Set<String> out = new HashSet<>();
        int[] seen = {0};
        try {
            Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name =
                            dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (!dir.equals(root) && (name.startsWith(".") || SKIP.contains(name)))
                        return FileVisitResult.SKIP_SUBTREE;
                    return ++seen[0] > MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile())
                        out.add(ServerSpec.extensionOf(file.getFileName().toString()));
                    return ++seen[0] > MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // an unreadable tree detects by root markers only
        }
        return out;
    }
}

package dev.dispatch.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's own instructions for agents: {@code AGENTS.md} and {@code CLAUDE.md} at the project
 * root (both, in that order, when both exist), capped so a huge file cannot crowd out the conversation.
 */
final class ProjectInstructions {
    static final List<String> FILES = List.of("AGENTS.md", "CLAUDE.md");
    static final int MAX_CHARS = 32_000;

    private ProjectInstructions() {}

    static String read(Path projectRoot) {
        StringBuilder sb = new StringBuilder();
        for (String name : FILES) {
            Path f = projectRoot.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            try {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (text.length() > MAX_CHARS) {
                    text = text.substring(0, MAX_CHARS) + "\n[" + name + " truncated at " + MAX_CHARS + " characters]";
                }
                sb.append("\n\n# Project instructions (")
                        .append(name)
                        .append(")\n\n")
                        .append(text.strip());
            } catch (IOException | java.io.UncheckedIOException e) {
                sb.append("\n\n[")
                        .append(name)
                        .append(" could not be read: ")
                        .append(e.getMessage())
                        .append(']');
            }
        }
        return sb.toString();
    }
}

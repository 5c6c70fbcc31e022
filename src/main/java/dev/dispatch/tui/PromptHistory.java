package dev.dispatch.tui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompts sent from one project, oldest first, kept across runs in the user's data directory
 * (one file per project, mode 0600: prompts can hold secrets) and bounded to {@link #LIMIT} entries.
 * One entry per line, newlines and backslashes escaped, so a multi-line prompt stays one entry. A
 * file that cannot be read or written costs the history, never the session: the workbench goes on
 * with what it has in memory.
 */
final class PromptHistory {
    static final int LIMIT = 500;

    private final Path file;
    private final List<String> entries = new ArrayList<>();

    private PromptHistory(Path file) {
        this.file = file;
    }

    /** A history kept only in memory (tests, a face without a data directory). */
    static PromptHistory inMemory() {
        return new PromptHistory(null);
    }

    /** The history stored at {@code file}, or an empty one when it does not exist or cannot be read. */
    static PromptHistory load(Path file) {
        PromptHistory h = new PromptHistory(file);
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isEmpty()) h.entries.add(unescape(line));
                }
            } catch (IOException | UncheckedIOException unreadable) {
                h.entries.clear();
            }
            while (h.entries.size() > LIMIT) h.entries.remove(0);
        }
        return h;
    }

    List<String> entries() {
        return entries;
    }

    /** Records a sent prompt (not a repeat of the last one) and writes the file through a temp file. */
    void add(String prompt) {
        if (prompt.isBlank()
                || (!entries.isEmpty() && entries.get(entries.size() - 1).equals(prompt))) return;
        entries.add(prompt);
        while (entries.size() > LIMIT) entries.remove(0);
        save();
    }

    private void save() {
        if (file == null) return;
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            StringBuilder out = new StringBuilder();
            for (String e : entries) out.append(escape(e)).append('\n');
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without modes: nothing stricter to ask for
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException unwritable) {
            // the history stays in memory for this run
        }
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

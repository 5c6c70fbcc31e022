package dev.dispatch.tui;

import java.util.List;

/**
 * Where {@code @path} mentions find the project's files: the names the completion offers (ignore
 * rules applied) and the text a mention attaches. The CLI supplies it (the workbench imports only the
 * protocol); {@link #NONE} offers nothing and attaches nothing.
 */
public interface MentionFiles {
    /** Up to {@code max} project files, '/'-separated, relative to the project. */
    List<String> list(int max);

    /** The text of {@code relative}; an {@link IllegalArgumentException} names why it cannot be attached. */
    String read(String relative);

    MentionFiles NONE = new MentionFiles() {
        @Override
        public List<String> list(int max) {
            return List.of();
        }

        @Override
        public String read(String relative) {
            throw new IllegalArgumentException("@" + relative + ": file mentions are not available here");
        }
    };
}

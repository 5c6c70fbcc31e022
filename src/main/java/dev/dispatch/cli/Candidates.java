package dev.dispatch.cli;

import java.util.Iterator;
import java.util.List;

/**
 * What the shell completes for options with a fixed or a live set of values. A fixed set lists the
 * exact words the option accepts ({@code stream-json}, not the enum constant {@code stream_json}). A
 * live set (models from the config, agents from the store, agent templates) is one placeholder word
 * that the script from {@link CompletionCommand} expands by calling the hidden {@code dispatch __complete KIND}, so
 * the script asks at completion time, as git and kubectl do; {@code CliConventionTest} checks both.
 */
final class Candidates {
    private Candidates() {}

    /** The placeholder for a live set of {@code kind} in the generated script. */
    static String placeholder(String kind) {
        return "@dispatch-complete-" + kind;
    }

    private abstract static class Fixed implements Iterable<String> {
        private final List<String> words;

        Fixed(String... words) {
            this.words = List.of(words);
        }

        @Override
        public Iterator<String> iterator() {
            return words.iterator();
        }
    }

    /** {@code run --output-format}. */
    static final class OutputFormats extends Fixed {
        OutputFormats() {
            super("text", "json", "stream-json");
        }
    }

    /** {@code run --permission-mode}: the modes permission.Mode parses. */
    static final class PermissionModes extends Fixed {
        PermissionModes() {
            super("ask", "deny", "accept-edits", "bypass");
        }
    }

    /** {@code kb search --kind}. */
    static final class SearchKinds extends Fixed {
        SearchKinds() {
            super("topic", "message", "task");
        }
    }

    /** Model ids from the merged config. */
    static final class Models extends Fixed {
        Models() {
            super(placeholder(CompleteCommand.MODELS));
        }
    }

    /** Model tags from the merged config. */
    static final class Tags extends Fixed {
        Tags() {
            super(placeholder(CompleteCommand.TAGS));
        }
    }

    /** Agent names of the space, from the store. */
    static final class Agents extends Fixed {
        Agents() {
            super(placeholder(CompleteCommand.AGENTS));
        }
    }

    /** Agent template ids (agent types) from the merged config. */
    static final class Templates extends Fixed {
        Templates() {
            super(placeholder(CompleteCommand.TEMPLATES));
        }
    }
}

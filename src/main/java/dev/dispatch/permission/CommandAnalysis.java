package dev.dispatch.permission;

import java.nio.file.Path;
import java.util.List;

/**
 * What a shell command line would touch, as {@link CommandAnalyser} worked it out: every path it
 * reads, writes or executes (absolute, not yet resolved through symlinks: the policy does that),
 * the concerns that make it ask whatever the paths are, each simple command's words (for the
 * {@code permissions.deny} command patterns), and the other machines it names ({@link RemoteTargets}).
 */
record CommandAnalysis(List<PathUse> uses, List<Concern> concerns, List<String> commandLines, List<Remote> remotes) {
    CommandAnalysis {
        uses = List.copyOf(uses);
        concerns = List.copyOf(concerns);
        commandLines = List.copyOf(commandLines);
        remotes = List.copyOf(remotes);
    }

    CommandAnalysis(List<PathUse> uses, List<Concern> concerns, List<String> commandLines) {
        this(uses, concerns, commandLines, List.of());
    }

    /** Another machine a command reaches ({@code https://x}, {@code git@host:o/r}): network, not a path. */
    record Remote(String target, String source) {}

    /**
     * One path a command touches: how, and which part of the command said so (for the prompt). With a
     * {@code pattern} (a glob, a variable, an over-long brace) {@code path} is its fixed prefix and the
     * use stands for whatever below it the pattern can reach: the policy judges the prefix, then asks
     * whether a protected path or a deny glob is among the paths the pattern could name.
     */
    record PathUse(Operation operation, Path path, String source, PathPattern pattern) {
        PathUse(Operation operation, Path path, String source) {
            this(operation, path, source, null);
        }

        /**
         * Whether the command does not name this path: a program the analyser cannot see into is assumed
         * to write its working directory. A "once" answer lets a call write what it names, not this guess.
         */
        boolean implied() {
            return source.endsWith(CommandAnalyser.WORKING_DIRECTORY);
        }

        /** Whether this use covers a subtree rather than one named path. */
        boolean subtree() {
            return pattern != null;
        }
    }

    /**
     * Why a command must be asked about even if every path is allowed. OPAQUE: the analyser cannot
     * see what will run (substitutions, {@code bash -c}, {@code eval}); RISKY: it can, and it is a
     * known way to subvert other programs ({@code LD_PRELOAD=}, {@code sudo}).
     */
    record Concern(Kind kind, String reason) {
        enum Kind {
            OPAQUE,
            RISKY
        }

        static Concern opaque(String reason) {
            return new Concern(Kind.OPAQUE, reason);
        }

        static Concern risky(String reason) {
            return new Concern(Kind.RISKY, reason);
        }
    }
}

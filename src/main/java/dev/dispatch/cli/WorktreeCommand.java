package dev.dispatch.cli;

import dev.dispatch.protocol.WorktreeOps;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch worktree list|diff|merge|remove}: the git worktrees external agents work in. */
@Command(
        name = "worktree",
        mixinStandardHelpOptions = true,
        description = {
            "The git worktrees of external agents (.dispatch/worktrees/NAME, branch dispatch/NAME) in the",
            "repository holding the current directory."
        })
public final class WorktreeCommand extends GroupCommand {
    static String project() {
        return Path.of("").toAbsolutePath().toString();
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List agent worktrees: branch, base, commits ahead, uncommitted files.")
    static final class ListWorktrees implements Callable<Integer> {
        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new WorktreeOps.ListWorktrees(project()),
                    l -> ExternalText.worktrees(l, CoordCalls.out(spec)));
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description = "What an agent's worktree changed against its base (committed and not).")
    static final class Diff implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Whose worktree: the external agent's name.")
        String name;

        @Option(names = "--name-only", description = "Only the changed paths.")
        boolean nameOnly;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new WorktreeOps.DiffWorktree(project(), name), d -> {
                PrintWriter out = CoordCalls.out(spec);
                for (var p : d.paths())
                    out.printf("%-9s %s%s%n", p.change(), p.path(), p.committed() ? "" : " (uncommitted)");
                if (!nameOnly && !d.patch().isEmpty()) {
                    out.println();
                    out.print(d.patch());
                }
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "merge",
            mixinStandardHelpOptions = true,
            description = {
                "Merge branch dispatch/NAME into the current branch. When it would conflict nothing is changed:",
                "the conflicting paths are listed and the exit code is 4."
            })
    static final class Merge implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Whose worktree: the external agent's name.")
        String name;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            WorktreeOps.MergeResult r = CoordCalls.submit(spec, new WorktreeOps.MergeWorktree(project(), name));
            CoordCalls.print(spec, json, r, x -> ExternalText.merged(x, CoordCalls.out(spec)));
            return r.merged() ? ExitCode.OK.code() : ExitCode.CONFLICT.code();
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = {
                "Remove an agent's worktree and its branch (kept when not merged, unless --force).",
                "A worktree with uncommitted changes is kept unless --force."
            })
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Whose worktree: the external agent's name.")
        String name;

        @Option(names = "--force", description = "Discard uncommitted changes and an unmerged branch.")
        boolean force;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new WorktreeOps.RemoveWorktree(project(), name, force), r -> {
                PrintWriter out = CoordCalls.out(spec);
                out.println("removed worktree " + r.path()
                        + (r.branchDeleted()
                                ? " and branch dispatch/" + r.name()
                                : "; branch dispatch/" + r.name() + " kept (not merged; --force deletes it)"));
                if (!r.discarded().isEmpty()) out.println("  discarded: " + String.join(", ", r.discarded()));
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }
}

package dev.dispatch.cli;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.LockOps.AcquireResult;
import dev.dispatch.protocol.LockOps.Conflict;
import dev.dispatch.protocol.LockOps.LockView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch lock acquire|renew|release|list}: reservations on resources and path globs. */
@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        description = {
            "Reserve resources or path globs so agents do not step on each other.",
            "Locks expire by the engine's clock; each grant carries a fencing token that only grows."
        })
public final class LockCommand extends GroupCommand {

    @Command(
            name = "acquire",
            mixinStandardHelpOptions = true,
            description = {
                "Acquire every RESOURCE|GLOB, or none of them. Exit 4 and a table of conflicts (holder, expiry)",
                "when anything overlaps a lock held by another agent. Globs: * and ? within a path component,",
                "** across components, e.g. 'src/**', '**/*.md'."
            })
    static final class Acquire implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RESOURCE|GLOB", description = "What to reserve.")
        List<String> patterns;

        @Option(
                names = "--agent",
                required = true,
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent taking the lock.")
        String agent;

        @Option(
                names = "--ttl",
                paramLabel = "S",
                defaultValue = "300",
                description = "Seconds until it expires (default: ${DEFAULT-VALUE}).")
        long ttl;

        @Option(names = "--shared", description = "Shared: compatible with other shared locks on overlapping paths.")
        boolean shared;

        @Option(
                names = "--task",
                paramLabel = "ID",
                description = "Tie the lock to a task: it is released when the task ends.")
        String task;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LockOps.Mode mode = shared ? LockOps.Mode.shared : LockOps.Mode.exclusive;
            AcquireResult r;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                r = engine.submit(new LockOps.AcquireLock(space.resolve(), agent, patterns, ttl, mode, task));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, r);
            } else if (r.lock() != null) {
                PrintWriter out = spec.commandLine().getOut();
                LockView l = r.lock();
                out.printf(
                        "granted %s to %s: %s, token %d, expires %s%n",
                        l.id(), l.agent(), l.mode(), l.token(), l.expiresAt());
                for (String p : l.patterns()) out.println("  " + p);
                out.flush();
            } else {
                Columns t = new Columns("PATTERN", "HELD BY", "LOCK", "HELD PATTERN", "MODE", "EXPIRES");
                for (Conflict c : r.conflicts())
                    t.row(c.pattern(), c.holder(), c.lockId(), c.heldPattern(), c.mode(), c.expiresAt());
                t.print(spec.commandLine().getOut());
            }
            if (r.conflicts().isEmpty()) return ExitCode.OK.code();
            spec.commandLine()
                    .getErr()
                    .println("dispatch: " + r.conflicts().size()
                            + " conflict(s); nothing was granted. Wait for the holders to release, or narrow"
                            + " the patterns.");
            spec.commandLine().getErr().flush();
            return ExitCode.CONFLICT.code();
        }
    }

    @Command(
            name = "renew",
            mixinStandardHelpOptions = true,
            description = "Extend a lock you hold by --ttl seconds from now.")
    static final class Renew implements Callable<Integer> {
        @Parameters(paramLabel = "LOCK_ID", description = "The lock, e.g. lock_1a2b….")
        String lockId;

        @Option(
                names = "--agent",
                required = true,
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent holding the lock.")
        String agent;

        @Option(
                names = "--token",
                required = true,
                paramLabel = "T",
                description = "The fencing token that lock acquire printed (\"token\" in its --json).")
        long token;

        @Option(
                names = "--ttl",
                paramLabel = "S",
                defaultValue = "300",
                description = "New lifetime in seconds (default: ${DEFAULT-VALUE}).")
        long ttl;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Engine engine = EngineAccess.oneShot(spec)) {
                LockView l = engine.submit(new LockOps.RenewLock(space.resolve(), lockId, agent, token, ttl));
                show(spec, json, l, "renewed");
            }
            return ExitCode.OK.code();
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a lock you hold.")
    static final class Release implements Callable<Integer> {
        @Parameters(paramLabel = "LOCK_ID", description = "The lock, e.g. lock_1a2b….")
        String lockId;

        @Option(
                names = "--agent",
                required = true,
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent holding the lock.")
        String agent;

        @Option(
                names = "--token",
                required = true,
                paramLabel = "T",
                description = "The fencing token that lock acquire printed (\"token\" in its --json).")
        long token;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Engine engine = EngineAccess.oneShot(spec)) {
                show(
                        spec,
                        json,
                        engine.submit(new LockOps.ReleaseLock(space.resolve(), lockId, agent, token)),
                        "released");
            }
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Held locks in the space (--all: with released and expired ones).")
    static final class ListLocks implements Callable<Integer> {
        @Option(names = "--all", description = "Include released and expired locks.")
        boolean all;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LockOps.ListResult r;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                r = engine.submit(new LockOps.ListLocks(space.resolve(), all ? LockOps.Scope.all : LockOps.Scope.held));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, r);
                return ExitCode.OK.code();
            }
            Columns t = new Columns("LOCK", "AGENT", "MODE", "TOKEN", "STATE", "EXPIRES", "TASK", "PATTERNS");
            for (LockView l : r.locks()) {
                t.row(
                        l.id(),
                        l.agent(),
                        l.mode(),
                        l.token(),
                        l.state(),
                        l.expiresAt(),
                        l.taskId(),
                        String.join(" ", l.patterns()));
            }
            t.print(spec.commandLine().getOut());
            return ExitCode.OK.code();
        }
    }

    private static void show(CommandSpec spec, JsonMixin json, LockView l, String verb) {
        if (json.enabled()) {
            CoordCalls.json(spec, l);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s (token %d): %s, expires %s%n", verb, l.id(), l.token(), l.state(), l.expiresAt());
        out.flush();
    }
}

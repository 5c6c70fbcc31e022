package dev.dispatch.permission;

import dev.dispatch.fs.RealPaths;
import dev.dispatch.permission.Evaluation.AskItem;
import dev.dispatch.permission.Evaluation.By;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One agent's gate: the {@link Policy} decides what it can; what it would ask goes by the
 * {@link Mode} (refused, allowed, or put to the operator through the {@link Prompter}). Answers
 * become grants: once (this call only), session (the operation on the directory subtree, or this
 * exact command line), always (the subtree persisted to the user config's auto_allow, effective at
 * once). Every decision is written to the {@link DecisionLog}.
 */
public final class PolicyGate implements PermissionGate {
    /** Persists an "always" answer; returns where it was written (shown in the reason). */
    @FunctionalInterface
    public interface AlwaysStore {
        String persist(Path subtree) throws IOException;
    }

    private final String agentId;
    private final Policy policy;
    private final Mode mode;
    private final Prompter prompter;
    private final DecisionLog log;
    private final AlwaysStore always;
    private final Confinement.Network network;
    private final InstantSource clock;
    /** The parent whose own grants answer this child's questions ({@code approve_children}); null: none. */
    private final PolicyGate approver;

    public PolicyGate(
            String agentId,
            Policy policy,
            Mode mode,
            Prompter prompter,
            DecisionLog log,
            AlwaysStore always,
            Confinement.Network network,
            InstantSource clock) {
        this(agentId, policy, mode, prompter, log, always, network, clock, null);
    }

    private PolicyGate(
            String agentId,
            Policy policy,
            Mode mode,
            Prompter prompter,
            DecisionLog log,
            AlwaysStore always,
            Confinement.Network network,
            InstantSource clock,
            PolicyGate approver) {
        this.agentId = agentId;
        this.policy = policy;
        this.mode = mode;
        this.prompter = prompter;
        this.log = log;
        this.always = always;
        this.network = network;
        this.clock = clock;
        this.approver = approver;
    }

    public Policy policy() {
        return policy;
    }

    public Mode mode() {
        return mode;
    }

    /** The gate of a child agent: its parent's grants intersected with {@code requested}. */
    public PolicyGate forChild(String childAgentId, Grants requested) {
        return forChild(childAgentId, requested, false);
    }

    /**
     * The gate of a child agent: its parent's grants intersected with {@code requested} allow
     * unasked; what goes beyond is put to the user through the same prompter as this agent's, never
     * to a model. With {@code approveChildren} (this agent's template says {@code approve_children:
     * true}) a question this agent's own policy allows without asking anyone is answered by that,
     * and logged as answered by the parent; anything beyond still goes to the user.
     */
    public PolicyGate forChild(String childAgentId, Grants requested, boolean approveChildren) {
        return new PolicyGate(
                childAgentId,
                policy.forChild(requested),
                mode,
                prompter,
                log,
                always,
                network,
                clock,
                approveChildren ? this : null);
    }

    @Override
    public PermissionDecision ask(PermissionRequest request) {
        Evaluation e = policy.evaluate(request);
        return switch (e.outcome()) {
            case ALLOW -> logged(request, PermissionDecision.allow(e.reason()), e.by());
            case DENY -> logged(request, PermissionDecision.deny(e.reason()), e.by());
            case ASK -> asked(request, e);
        };
    }

    /**
     * Only an outright refusal counts: what would ask is left to the walk's own, already answered,
     * request. A child's walk also withholds what lies outside its ceiling and grants (a symlink
     * below an allowed directory must not carry it past them); answering "session" grants the rest.
     */
    @Override
    public boolean refuses(Operation operation, Path path) {
        Evaluation e = policy.evaluate(new PermissionRequest(operation, List.of(path), null, ""));
        return e.outcome() == Evaluation.Outcome.DENY
                || (policy.isChild() && e.outcome() == Evaluation.Outcome.ASK && e.by() == By.CEILING);
    }

    /**
     * For a root: the project root (read, write, run), auto_allow, and what the user granted; for a
     * child: its ceiling and what the user granted it. Then exact commands and MCP tools granted, and
     * whether its parent's grants answer its questions.
     */
    @Override
    public List<String> grants() {
        List<String> out = new ArrayList<>();
        if (!policy.isChild()) {
            out.add("read, write, run in " + policy.root() + " (the project root)");
            for (Path p : policy.rules().autoAllowed()) out.add("read, write, run in " + p + " (auto_allow)");
        }
        for (Grants.PathGrant g : policy.effectiveOwn()) out.add(verb(g.operation()) + " " + g.subtree());
        for (String c : policy.grants().commandGrants()) {
            String[] parts = c.split("\0", 2);
            String what = parts.length < 2 ? c : parts[1];
            out.add(
                    what.startsWith(Policy.MCP_GRANT)
                            ? "call the MCP tool " + what.substring(Policy.MCP_GRANT.length())
                            : "run exactly '" + what + "' in " + parts[0]);
        }
        if (approver != null) out.add("its parent " + approver.agentId + "'s grants answer its questions");
        if (out.isEmpty()) out.add("nothing without asking");
        return out;
    }

    private static String verb(Operation op) {
        return switch (op) {
            case READ -> "read";
            case WRITE -> "read, write";
            case EXECUTE -> "run in";
            case MCP -> "call MCP tools in";
        };
    }

    /**
     * Exactly what this agent may touch without asking, for the sandbox: a root agent writes its project
     * root, auto_allow and write grants; a child only its ceiling's and its own write grants, however
     * wide its parent's are. Read (and run-in) grants are shown read-only, unless a writable one holds
     * them. {@code projectRoot} is not consulted: the policy knows its agent's root.
     */
    @Override
    public Confinement confinement(Path projectRoot) {
        Set<Path> writable = new LinkedHashSet<>();
        Set<Path> readable = new LinkedHashSet<>();
        if (!policy.isChild()) {
            writable.add(policy.root());
            writable.addAll(policy.rules().autoAllowed());
        }
        for (Grants.PathGrant g : policy.effectiveOwn()) {
            if (g.operation() == Operation.WRITE) writable.add(g.subtree());
            else if (g.operation() != Operation.MCP) readable.add(g.subtree());
        }
        // a read grant inside a writable one would be bound read-only over it
        readable.removeIf(r -> writable.stream().anyMatch(w -> RealPaths.contains(w, r)));
        // what deny rules name is covered too: a shell command the analyser could not follow still meets them
        List<Path> hidden = new ArrayList<>(policy.protectedDirs());
        List<Path> shown = new ArrayList<>(writable);
        shown.addAll(readable);
        hidden.addAll(policy.rules().deniedExisting(shown, DENY_WALK_BUDGET));
        return new Confinement(List.copyOf(writable), hidden, network, List.copyOf(readable));
    }

    /** Entries walked per shell call to find what any-depth deny rules ({@code .env}) name. */
    static final int DENY_WALK_BUDGET = 50_000;

    private PermissionDecision asked(PermissionRequest request, Evaluation e) {
        List<AskItem> items = e.items();
        // what a "once" answer lets this call write in the sandbox: the paths it names, never the
        // working directory a program is only assumed to write (that takes a grant: session or always)
        List<Path> writes =
                items.stream().filter(AskItem::namedWrite).map(AskItem::path).toList();
        if (approver != null) {
            Evaluation byParent = approver.policy.evaluate(request);
            if (byParent.outcome() == Evaluation.Outcome.ALLOW) {
                return logged(
                        request,
                        new PermissionDecision(
                                PermissionDecision.Verdict.ALLOW,
                                "answered by the grants of its parent agent " + approver.agentId
                                        + " (approve_children): " + byParent.reason(),
                                writes),
                        By.PARENT);
            }
        }
        if (policy.isChild() && mode != Mode.ASK) {
            // only a person may widen a child, and in this mode no one is asked
            return logged(
                    request,
                    PermissionDecision.deny(e.reason() + ". This needs the user's permission and the permission"
                            + " mode is '"
                            + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                            + "', which never asks for a child agent, so it was refused; to allow it, summon the"
                            + " child with these permissions or run with --permission-mode ask"),
                    By.MODE);
        }
        switch (mode) {
            case BYPASS -> {
                return logged(
                        request,
                        new PermissionDecision(
                                PermissionDecision.Verdict.ALLOW,
                                "allowed by --permission-mode bypass: " + e.reason(),
                                writes),
                        By.MODE);
            }
            case DENY -> {
                return logged(
                        request,
                        PermissionDecision.deny(e.reason() + ". This needs the user's permission and the"
                                + " permission mode is 'deny' (no one can be asked), so it was refused; to allow it, add the path"
                                + " to permissions.auto_allow or run with --permission-mode ask"),
                        By.MODE);
            }
            case ACCEPT_EDITS -> {
                boolean opaqueOnly =
                        items.stream().allMatch(i -> !i.isPath() && i.kind() == CommandAnalysis.Concern.Kind.OPAQUE);
                return opaqueOnly
                        ? logged(
                                request,
                                PermissionDecision.allow("allowed by --permission-mode accept-edits (every path it"
                                        + " names is allowed): " + e.reason()),
                                By.MODE)
                        : logged(
                                request,
                                PermissionDecision.deny(e.reason() + ". The permission mode is 'accept-edits',"
                                        + " which never reaches outside the allowed paths, so it was refused"),
                                By.MODE);
            }
            case ASK -> {
                return prompt(request, e, writes);
            }
        }
        throw new IllegalStateException("unknown mode " + mode);
    }

    private PermissionDecision prompt(PermissionRequest request, Evaluation e, List<Path> writes) {
        List<AskItem> items = e.items();
        List<Path> shown = new ArrayList<>(new LinkedHashSet<>(
                items.stream().filter(AskItem::isPath).map(AskItem::path).toList()));
        Operation op = items.stream()
                .filter(AskItem::isPath)
                .map(AskItem::operation)
                .findFirst()
                .orElse(request.operation());
        Prompter.Reply reply;
        try {
            reply = prompter.ask(
                    new Prompter.Prompt(agentId, request.tool(), op, shown, request.command(), e.reason()));
        } catch (InterruptedException stop) {
            // log first: with the interrupt flag set, the store's file channel would refuse the write
            PermissionDecision refused = logged(
                    request, PermissionDecision.deny("stopped while waiting for the user's permission"), By.OPERATOR);
            Thread.currentThread().interrupt();
            return refused;
        }
        String note = reply.note().isBlank() ? "" : " (note: " + reply.note() + ")";
        return switch (reply.decision()) {
            case DENY ->
                logged(request, PermissionDecision.deny("the user denied this: " + e.reason() + note), By.OPERATOR);
            case ONCE ->
                logged(
                        request,
                        new PermissionDecision(
                                PermissionDecision.Verdict.ALLOW, "the user allowed this once" + note, writes),
                        By.OPERATOR);
            case SESSION -> {
                grant(items);
                yield logged(
                        request, PermissionDecision.allow("the user allowed this for the session" + note), By.OPERATOR);
            }
            case ALWAYS -> logged(request, PermissionDecision.allow(persist(items) + note), By.OPERATOR);
        };
    }

    private void grant(List<AskItem> items) {
        for (AskItem i : items) {
            if (i.isPath()) policy.grants().add(new Grants.PathGrant(i.operation(), subtree(i.path())));
            else policy.grants().addCommand(i.command(), i.path());
        }
    }

    private String persist(List<AskItem> items) {
        List<String> stored = new ArrayList<>();
        for (AskItem i : items) {
            if (!i.isPath()) {
                policy.grants().addCommand(i.command(), i.path());
                continue;
            }
            Path dir = subtree(i.path());
            policy.rules().allow(dir);
            // a child's ceiling does not read auto_allow: its own grant carries the answer for it
            if (policy.isChild()) policy.grants().add(new Grants.PathGrant(i.operation(), dir));
            try {
                stored.add(dir + " (" + always.persist(dir) + ")");
            } catch (IOException | RuntimeException failed) {
                policy.grants().add(new Grants.PathGrant(i.operation(), dir));
                stored.add(dir + " for this session only: saving it failed: " + failed.getMessage());
            }
        }
        boolean commands = items.stream().anyMatch(i -> !i.isPath());
        return "the user allowed this always: " + (stored.isEmpty() ? "" : "auto_allow " + String.join(", ", stored))
                + (commands
                        ? (stored.isEmpty() ? "" : "; ") + "this exact command is allowed for the session"
                                + " (commands cannot be saved as rules)"
                        : "");
    }

    /** The directory a grant for {@code path} covers: itself if a directory, else its parent. */
    static Path subtree(Path path) {
        if (Files.isDirectory(path) || path.getParent() == null) return path;
        return path.getParent();
    }

    private PermissionDecision logged(PermissionRequest request, PermissionDecision decision, By by) {
        try {
            log.record(new DecisionLog.Entry(
                    agentId,
                    request.tool(),
                    request.operation(),
                    request.paths().stream().map(Path::toString).toList(),
                    request.command(),
                    decision.allowed() ? "allow" : "deny",
                    by.name().toLowerCase(java.util.Locale.ROOT),
                    decision.reason(),
                    clock.instant()));
        } catch (RuntimeException logFailed) {
            // the decision stands; a log write failure must not turn a refusal into an allow or vice versa
        }
        return decision;
    }
}

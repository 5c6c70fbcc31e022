package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import dev.dispatch.config.PermissionsConfig;
import dev.dispatch.permission.Confinement;
import dev.dispatch.permission.Grants;
import dev.dispatch.permission.Mode;
import dev.dispatch.permission.PendingPrompts;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.permission.Policy;
import dev.dispatch.permission.PolicyGate;
import dev.dispatch.permission.Rules;
import dev.dispatch.permission.UserRules;
import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.PermissionOps;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wires permissions into the engine: builds each agent's {@link PolicyGate} from its project's
 * config and the run's mode, keeps the prompts waiting for the operator ({@code ReplyPermission}),
 * persists "always" answers to the user config and every decision to the store, and answers the
 * rule, log and explain ops behind {@code dispatch permission list|revoke|log|explain}.
 */
final class PermissionModule {
    private final Dirs dirs;
    private final Map<String, String> env;
    private final PermissionLogStore log;
    private final PendingPrompts prompts;
    private final Map<String, PolicyGate> gates = new ConcurrentHashMap<>();
    /** Agents whose template says {@code approve_children: true}. */
    private final java.util.Set<String> approving = ConcurrentHashMap.newKeySet();

    private volatile PendingPrompts.StatusSink status;

    PermissionModule(Dirs dirs, Map<String, String> env, Store store, Bus<Event> bus) {
        this.dirs = dirs;
        this.env = env;
        this.log = new PermissionLogStore(store);
        this.status = (agent, s, detail) -> bus.publish(new RuntimeEvents.AgentStateChanged(agent, s, detail));
        this.prompts = new PendingPrompts(bus::publish, (a, s, d) -> status.status(a, s, d), InstantSource.system());
    }

    /** Where WAITING_USER / RUNNING changes go once the runtime exists (it keeps them for snapshots). */
    void statusSink(PendingPrompts.StatusSink sink) {
        this.status = sink;
    }

    /** How prompts name the asking agent's ancestry ({@code main › planner}), once the runtime exists. */
    void ancestry(java.util.function.UnaryOperator<String> names) {
        prompts.ancestry(names);
    }

    void register(OpRouter router) {
        router.on(SessionOps.ReplyPermission.class, op -> {
                    prompts.reply(op.requestId(), op.decision(), op.note());
                    return Ack.ok(
                            op.requestId() + " answered " + op.decision().name().toLowerCase(java.util.Locale.ROOT));
                })
                .on(
                        PermissionOps.ListRules.class,
                        op -> new PermissionOps.RulesResult(rules(ProjectConfig.root(op.cwd()))))
                .on(PermissionOps.RevokeRule.class, op -> revoke(op.rule()))
                .on(PermissionOps.ExplainPermission.class, new PermissionExplainer(dirs, env)::explain)
                .on(PermissionOps.ListDecisions.class, op -> {
                    if (op.limit() != null && op.limit() <= 0)
                        throw EngineException.invalid("--limit must be at least 1, got " + op.limit());
                    return new PermissionOps.DecisionsResult(log.list(op.agentId(), op.limit()));
                });
    }

    /** The gate of a new agent; a child's is its parent's, intersected (it never exceeds the parent). */
    PermissionGate gate(String agentId, String parentAgentId, Path root, Config config, Mode mode) {
        return gate(agentId, parentAgentId, root, config, mode, null, false);
    }

    /**
     * The gate of an agent, a child's narrowed to {@code requested} (null: all its parent's grants).
     * {@code approveChildren}: this agent's template lets its own grants answer its children's
     * questions ({@code approve_children: true}).
     */
    PermissionGate gate(
            String agentId,
            String parentAgentId,
            Path root,
            Config config,
            Mode mode,
            Grants requested,
            boolean approveChildren) {
        PolicyGate parent = parentAgentId == null ? null : gates.get(parentAgentId);
        PolicyGate gate;
        if (approveChildren) approving.add(agentId);
        if (parent != null) {
            gate = parent.forChild(
                    agentId,
                    requested == null ? parent.policy().effective() : requested,
                    approving.contains(parentAgentId));
        } else {
            PermissionsConfig pc = config.permissions();
            Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
            try {
                Policy policy = new Policy(
                        root,
                        Rules.from(pc, home),
                        List.of(dirs.data(), dirs.config(), dirs.runtime(), dirs.state()),
                        home);
                UserRules user =
                        new UserRules(dirs.userConfigFile(), f -> new ConfigLoader(dirs, env, root).validateFile(f));
                gate = new PolicyGate(
                        agentId,
                        policy,
                        mode,
                        prompts,
                        log,
                        user::addAutoAllow,
                        pc.network() == PermissionsConfig.Network.DENIED
                                ? Confinement.Network.OFF
                                : Confinement.Network.ON,
                        InstantSource.system());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        gates.put(agentId, gate);
        return gate;
    }

    /** An agent's gate (a child's permissions are checked against its parent's), or null. */
    PolicyGate gateOf(String agentId) {
        return agentId == null ? null : gates.get(agentId);
    }

    void cancelAgent(String agentId) {
        prompts.cancelAgent(agentId);
    }

    private List<PermissionOps.RuleView> rules(Path root) {
        List<PermissionOps.RuleView> out = new ArrayList<>();
        try {
            for (UserRules.Rule r : UserRules.read(dirs.userConfigFile())) out.add(view(r, "user"));
            // the dispatch.yaml an agent here reads (the nearest up to the git root), not just the cwd's
            var project = new ConfigLoader(dirs, env, root).projectFile();
            if (project.isPresent()) for (UserRules.Rule r : UserRules.read(project.get())) out.add(view(r, "project"));
        } catch (IOException e) {
            throw EngineException.invalid("cannot read the permission rules: " + e.getMessage());
        }
        return out;
    }

    private PermissionOps.RuleView revoke(String rule) {
        if (rule == null || rule.isBlank())
            throw EngineException.invalid("no rule given: name one from 'dispatch permission list'");
        UserRules user =
                new UserRules(dirs.userConfigFile(), f -> new ConfigLoader(dirs, env, dirs.config()).validateFile(f));
        try {
            return view(user.revoke(rule.strip()), "user");
        } catch (IllegalArgumentException e) {
            throw EngineException.notFound(e.getMessage());
        } catch (IOException e) {
            throw EngineException.invalid("cannot edit " + user.file() + ": " + e.getMessage());
        }
    }

    private PermissionOps.RuleView view(UserRules.Rule r, String scope) {
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path dir = scope.equals("project") ? r.file().toAbsolutePath().getParent() : null;
        if (dir != null) {
            try {
                dir = dir.toRealPath();
            } catch (IOException e) {
                // shown as written
            }
        }
        String readAs = Rules.reading(r.kind(), r.value(), home, dir).readAs();
        return new PermissionOps.RuleView(r.kind(), r.value(), scope, r.origin(), readAs);
    }
}

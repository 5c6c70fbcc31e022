package dev.dispatch.app;

import dev.dispatch.agent.AgentRuntime;
import dev.dispatch.agent.AgentSpec;
import dev.dispatch.agent.Compactor;
import dev.dispatch.agent.ModelChoice;
import dev.dispatch.agent.Route;
import dev.dispatch.config.Config;
import dev.dispatch.config.ModelConfig;
import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.session.SessionNotes;
import dev.dispatch.session.SessionRecord;
import dev.dispatch.session.Sessions;
import dev.dispatch.session.WaitingAgents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Changes to a conversation in progress (issue 23): switching a running agent's model, and compacting
 * a session — on its agent's thread when one holds it, else straight from the store with the
 * session's model. Both are recorded as session notes that {@code sessions show} lists.
 */
final class SessionControl {
    private final Supplier<AgentRuntime> runtime;
    private final ProjectConfigs projects;
    private final ModelCatalog catalog;
    private final Sessions sessions;
    private final SessionNotes notes;
    private final Compactor compactor;
    private final Map<String, WaitingAgents.Waiting> startedAs;

    SessionControl(
            Supplier<AgentRuntime> runtime,
            ProjectConfigs projects,
            ModelCatalog catalog,
            Sessions sessions,
            SessionNotes notes,
            Compactor compactor,
            Map<String, WaitingAgents.Waiting> startedAs) {
        this.runtime = runtime;
        this.projects = projects;
        this.catalog = catalog;
        this.sessions = sessions;
        this.notes = notes;
        this.compactor = compactor;
        this.startedAs = startedAs;
    }

    void register(OpRouter router) {
        router.on(SessionOps.SwitchModel.class, this::switchModel)
                .on(SessionBrowseOps.CompactSession.class, this::compact);
    }

    SessionOps.ModelSwitched switchModel(SessionOps.SwitchModel op) {
        // 1) the request: one of model and tag, a running agent by id or name, a model its config knows
        String model = blankToNull(op.model());
        String tag = blankToNull(op.tag());
        if ((model == null) == (tag == null))
            throw EngineException.invalid("give a model id or a tag (one of them), e.g. 'dispatch agent model "
                    + (op.agentId() == null ? "ID" : op.agentId()) + " MODEL'; see 'dispatch models'");
        AgentRuntime rt = runtime.get();
        String agentId = agentId(rt, op.agentId());
        AgentSpec spec = rt.spec(agentId);
        Path root = spec.projectRoot();
        Config config = projects.config(root);
        if (model != null && config.model(model).isEmpty())
            throw EngineException.invalid("unknown model '" + model + "'; configured models: "
                    + config.models().stream().map(ModelConfig::id).toList() + "; tags: " + tags(config)
                    + " (see 'dispatch models'); nothing was changed");
        List<Route> routes = catalog.routes(config, model, tag); // an unknown tag fails here, naming the tags
        ModelChoice choice = routes.isEmpty()
                ? catalog.resolve(
                        config, catalog.candidates(config, model, tag).get(0).id())
                : routes.get(0).model();
        // 2) switch: the next call goes to the new model with the whole conversation
        AgentRuntime.ModelSwitch sw =
                rt.switchModel(agentId, choice, new ConfigRouting(projects.live(root), catalog, model, tag));
        notes.add(
                sw.sessionId(),
                "model",
                "model switched from " + sw.previousModel() + " to " + choice.id() + " (" + choice.providerName()
                        + (tag != null ? ", by tag " + tag : "") + ")");
        startedAs.computeIfPresent(
                agentId,
                (k, w) -> new WaitingAgents.Waiting(w.sessionId(), w.cwd(), w.template(), model, tag, w.maxTurns()));
        return new SessionOps.ModelSwitched(
                agentId, sw.sessionId(), sw.previousModel(), choice.id(), choice.providerName());
    }

    SessionBrowseOps.CompactResult compact(SessionBrowseOps.CompactSession op) {
        if (op.sessionId() == null || op.sessionId().isBlank())
            throw EngineException.invalid("no session id: list them with 'dispatch sessions list'");
        String id = op.sessionId().strip();
        SessionRecord s = sessions.require(id);
        AgentRuntime rt = runtime.get();
        String agentId = rt.agentOfSession(id);
        Compactor.Result r;
        if (agentId != null) {
            try {
                r = rt.compact(agentId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw EngineException.conflict("interrupted while compacting session " + id);
            }
        } else {
            // no agent holds it: compact the stored context with the session's model
            Config config = projects.config(Path.of(s.projectRoot()));
            ModelChoice model = catalog.resolve(config, s.model());
            r = compactor.compact(id, compactor.restore(id), model, null, new Cancellation());
        }
        return new SessionBrowseOps.CompactResult(
                id, r.compactedMessages(), r.keptMessages(), r.tokensBefore(), r.tokensAfter(), r.describe());
    }

    /** A running agent named by id or by name. */
    /** A running agent's id from its id or its name; a clear not-found naming the running ones otherwise. */
    static String agentId(AgentRuntime rt, String idOrName) {
        if (idOrName == null || idOrName.isBlank())
            throw EngineException.invalid("no agent: give its id or name (see 'dispatch agent tree')");
        String want = idOrName.strip();
        List<SessionOps.AgentSnapshot> all = rt.list();
        for (SessionOps.AgentSnapshot a : all) if (a.agentId().equals(want)) return a.agentId();
        for (SessionOps.AgentSnapshot a : all) if (want.equals(a.name())) return a.agentId();
        throw EngineException.notFound("no running agent '" + want + "' in this engine; running: "
                + all.stream().map(a -> a.name() + " (" + a.agentId() + ")").toList());
    }

    private static List<String> tags(Config config) {
        return config.models().stream()
                .flatMap(m -> m.tags().stream())
                .distinct()
                .sorted()
                .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

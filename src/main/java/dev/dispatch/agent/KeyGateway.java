package dev.dispatch.agent;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.KeyEvents;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ModelEvent;
import dev.dispatch.provider.ModelRequest;
import dev.dispatch.provider.ProviderFailure;
import dev.dispatch.provider.StopReason;
import dev.dispatch.session.Budgets;
import dev.dispatch.session.KeyStates;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Makes each model call of one agent through the best usable key (ARCHITECTURE.md §7): walks the
 * agent's routes in order, skips disabled and cooling keys, reserves the call's worst case in the
 * ledger (a refused reservation means the key is spent), calls, settles to the actual cost. 401/403
 * disables the key (until its value or entry changes, or the user enables it), 429/5xx/overload/network
 * cools it (for the provider's retry-after when given), and the next route is tried; any other failure
 * ends the call. With nothing usable the agent waits ({@link AgentStatus#WAITING_KEY}) and looks again
 * every poll interval, keeping its conversation, unless every key was refused: no wait heals that, so
 * the call fails with the provider's message (a headless run ends with exit 1 instead of hanging).
 */
final class KeyGateway implements ModelCalls {
    private static final DateTimeFormatter HHMM =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final Duration SLICE = Duration.ofMillis(100);
    private final Routing routing;
    private final KeyLedger ledger;
    private final StreamAssembler assembler;
    private final Consumer<Event> events;
    private final InstantSource clock;
    private String lastKey;
    /** Keys already announced as spent during this wait, so each is announced once, not on every look. */
    private final java.util.Set<String> announced = new java.util.HashSet<>();

    KeyGateway(
            Routing routing, KeyLedger ledger, StreamAssembler assembler, Consumer<Event> events, InstantSource clock) {
        this.routing = routing;
        this.ledger = ledger;
        this.assembler = assembler;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Served call(RunningAgent agent, ModelRequest request, Cancellation cancellation)
            throws InterruptedException {
        boolean waited = false;
        // the agent's routing now: a model switch (AgentRuntime#switchModel) replaces it between calls
        Routing routing = agent.spec().routing() != null ? agent.spec().routing() : this.routing;
        while (true) {
            List<String> blocked = new ArrayList<>();
            // keys refused with 401/403: no wait heals them, only the user (new value, config edit, keys enable)
            List<String> refusedKeys = new ArrayList<>();
            Instant soonest = null;
            for (Route route : routing.routes()) {
                if (cancellation.isCancelled() || agent.cancelled()) return cancelled(agent);
                // 1) key health
                KeyStates.KeyHealth health = ledger.states().health(route.keyId(), route.fingerprint());
                if (health.health() == KeyStates.Health.DISABLED) {
                    blocked.add(route.keyId() + " disabled (" + health.reason() + ")");
                    refusedKeys.add(route.keyId() + ": " + health.reason());
                    continue;
                }
                if (health.health() == KeyStates.Health.COOLING) {
                    blocked.add(route.keyId() + " cooling until "
                            + HHMM.format(health.until().orElseThrow()));
                    soonest = earlier(soonest, health.until().orElse(null));
                    continue;
                }
                // 2) budget: reserve the worst case or skip the key
                ModelRequest req = request.withModel(route.model().modelName());
                WorstCase worst = worstCase(route, req);
                Budgets.Reservation r = ledger.budgets()
                        .reserve(route.keyId(), route.caps(), route.model().id(), agent.id(), worst.usd, worst.tokens);
                if (r instanceof Budgets.Refused refused) {
                    blocked.add(route.keyId() + " exhausted (" + refused.describe() + ")"
                            + refused.resetsAt()
                                    .map(t -> " until " + HHMM.format(t))
                                    .orElse(""));
                    soonest = earlier(soonest, refused.resetsAt().orElse(null));
                    if (announced.add(route.keyId())) {
                        events.accept(new KeyEvents.KeyExhausted(
                                route.keyId(),
                                refused.describe(),
                                refused.resetsAt().orElse(null)));
                    }
                    continue;
                }
                if (waited) setStatus(agent, AgentStatus.RUNNING, "key '" + route.keyId() + "' is usable again");
                waited = false;
                announced.clear();
                announceSwitch(agent, route, blocked);
                // 3) the call, settled to what it cost
                AssistantTurn turn = assembler.stream(agent.id(), route.model().provider(), req, cancellation);
                ModelEvent.Usage u = turn.usage();
                ledger.budgets()
                        .settle((Budgets.Reserved) r, route.model().pricing().cost(u), u.totalTokens());
                if (!turn.failed()
                        || !turn.text().isEmpty()
                        || !turn.toolCalls().isEmpty()) {
                    return new Served(turn, route.model(), route.keyId());
                }
                // 4) failover, or the end of this call
                ProviderFailure f = turn.failure().failure();
                Optional<Instant> retryAt = react(route, f);
                if (retryAt == null) return new Served(turn, route.model(), route.keyId());
                if (retryAt.isEmpty()) refusedKeys.add(route.keyId() + ": " + f.message());
                blocked.add(route.keyId()
                        + (retryAt.isPresent() ? " cooling until " + HHMM.format(retryAt.get()) : " disabled") + " ("
                        + f.message() + ")");
                soonest = earlier(soonest, retryAt.orElse(null));
            }
            // 5) nothing usable: fail when only the user can help (every key refused), else wait and look again
            if (routing.routes().isEmpty()) return unroutable(agent);
            if (!refusedKeys.isEmpty() && refusedKeys.size() == blocked.size()) return refusedAll(agent, refusedKeys);
            String until = soonest == null ? "" : " until about " + HHMM.format(soonest);
            String detail = "waiting for a usable key" + until + ": " + String.join("; ", blocked);
            // announce the wait when it starts or its reason changes, not on every look
            if (!waited || !detail.equals(agent.snapshot().detail())) setStatus(agent, AgentStatus.WAITING_KEY, detail);
            waited = true;
            if (!pause(agent, cancellation)) return cancelled(agent);
        }
    }

    /**
     * Marks the key after a failure another key may not share: the time it cools until, empty when it
     * is disabled, or null when the failure is the request's own (no failover).
     */
    private Optional<Instant> react(Route route, ProviderFailure f) {
        String provider = route.model().providerName();
        switch (f.kind()) {
            case AUTH -> {
                ledger.states().disable(route.keyId(), f.message(), route.fingerprint());
                events.accept(
                        new KeyEvents.KeyDisabled(route.keyId(), provider, refusedText(route.keyId(), f.message())));
                return Optional.empty();
            }
            case RATE_LIMITED, OVERLOADED, SERVER, NETWORK, TIMEOUT -> {
                Instant until = clock.instant().plus(f.retryAfter().orElse(routing.cooldown()));
                ledger.states().coolDown(route.keyId(), until, f.message());
                events.accept(new KeyEvents.KeyCooling(route.keyId(), until, f.message()));
                return Optional.of(until);
            }
            default -> {
                return null;
            }
        }
    }

    private void announceSwitch(RunningAgent agent, Route route, List<String> blocked) {
        if (lastKey != null && !lastKey.equals(route.keyId())) {
            String why = blocked.isEmpty() ? "config changed" : String.join("; ", blocked);
            events.accept(dev.dispatch.protocol.JournalEvent.uncommitted(new KeyEvents.KeySwitched(
                    agent.id(), lastKey, route.keyId(), route.model().id(), why)));
        }
        lastKey = route.keyId();
    }

    /** Sleeps one poll interval in short slices so a cancel is honoured at once. */
    private boolean pause(RunningAgent agent, Cancellation cancellation) throws InterruptedException {
        Duration left = routing.pollInterval();
        while (!left.isNegative() && !left.isZero()) {
            if (cancellation.isCancelled() || agent.cancelled()) return false;
            Duration step = left.compareTo(SLICE) < 0 ? left : SLICE;
            ledger.pause().pause(step);
            left = left.minus(step);
        }
        return !(cancellation.isCancelled() || agent.cancelled());
    }

    private record WorstCase(BigDecimal usd, long tokens) {}

    /** The most this call can cost: the whole prompt as uncached input plus a full-length answer. */
    private static WorstCase worstCase(Route route, ModelRequest req) {
        long input = Conversation.estimateTokens(req.messages(), req.system()) + toolTokens(req);
        long output = req.maxTokens() != null
                ? req.maxTokens()
                : route.model().provider().settings().maxTokens();
        Pricing p = route.model().pricing();
        BigDecimal usd = p.input()
                .multiply(BigDecimal.valueOf(input))
                .add(p.output().multiply(BigDecimal.valueOf(output)))
                .divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64);
        return new WorstCase(usd, input + output);
    }

    private static long toolTokens(ModelRequest req) {
        long chars = 0;
        for (var t : req.tools())
            chars += t.name().length()
                    + t.description().length()
                    + t.inputSchema().toString().length();
        return chars / 3;
    }

    private void setStatus(RunningAgent agent, AgentStatus status, String detail) {
        agent.status(status, detail);
        events.accept(new RuntimeEvents.AgentStateChanged(agent.id(), status, detail));
    }

    private Served cancelled(RunningAgent agent) {
        ModelChoice m = agent.spec().model();
        AssistantTurn t =
                new AssistantTurn("", List.of(), ModelEvent.Usage.NONE, StopReason.CANCELLED, "cancelled", null);
        return new Served(t, m, lastKey == null ? "" : lastKey);
    }

    /** The KeyDisabled text and the run's error: the provider's words and both ways to try again. */
    private String refusedText(String keyId, String providerMessage) {
        return "the provider refused key '" + keyId + "' (" + providerMessage + "); fix the key (its environment"
                + " variable or " + routing.userConfig() + "), which re-enables it, or run 'dispatch keys enable "
                + keyId + "'";
    }

    /** Every key was refused (401/403): waiting cannot help, so the call fails with the provider's words. */
    private Served refusedAll(RunningAgent agent, List<String> refused) {
        ModelChoice m = agent.spec().model();
        String message = refused.size() == 1
                ? refusedText(
                        refused.get(0).substring(0, refused.get(0).indexOf(": ")),
                        refused.get(0).substring(refused.get(0).indexOf(": ") + 2))
                : "the provider refused every key (" + String.join("; ", refused) + "); fix them (their environment"
                        + " variables or " + routing.userConfig() + ") or run 'dispatch keys enable ID'";
        var f = new ProviderFailure(m.providerName(), ProviderFailure.Kind.AUTH, 0, "", message, Optional.empty());
        AssistantTurn t = new AssistantTurn(
                "", List.of(), ModelEvent.Usage.NONE, StopReason.OTHER, "failed", new ModelEvent.Failed(f));
        return new Served(t, m, lastKey == null ? "" : lastKey);
    }

    private Served unroutable(RunningAgent agent) {
        ModelChoice m = agent.spec().model();
        var f = new ProviderFailure(
                m.providerName(),
                ProviderFailure.Kind.REQUEST,
                0,
                "",
                "no model with a key is" + " configured for this agent: add keys: and models: in "
                        + routing.userConfig(),
                Optional.empty());
        AssistantTurn t = new AssistantTurn(
                "", List.of(), ModelEvent.Usage.NONE, StopReason.OTHER, "failed", new ModelEvent.Failed(f));
        return new Served(t, m, "");
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }
}

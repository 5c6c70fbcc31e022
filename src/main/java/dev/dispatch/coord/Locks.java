package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.LockOps.AcquireParams;
import dev.dispatch.protocol.LockOps.AcquireResult;
import dev.dispatch.protocol.LockOps.Conflict;
import dev.dispatch.protocol.LockOps.ListParams;
import dev.dispatch.protocol.LockOps.ListResult;
import dev.dispatch.protocol.LockOps.LockView;
import dev.dispatch.protocol.LockOps.Mode;
import dev.dispatch.protocol.LockOps.ReleaseParams;
import dev.dispatch.protocol.LockOps.RenewParams;
import dev.dispatch.protocol.LockOps.Scope;
import dev.dispatch.protocol.LockOps.State;
import dev.dispatch.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Locks and reservations (promise 4 of RELIABILITY.md): acquire is all-or-nothing and answers with
 * what conflicts; every grant takes the next fencing token; only the holder, presenting its token,
 * renews or releases, and only while the engine's clock says the lock has not expired. Expired locks
 * are swept (and journaled as {@code LockExpired}) at the start of every lock write.
 */
public final class Locks {
    /** Most patterns one acquire may name. */
    static final int MAX_PATTERNS = 64;

    private final Store store;
    private final InstantSource clock;
    private final AgentDirectory agents;

    public Locks(Store store, InstantSource clock, AgentDirectory agents) {
        this.store = store;
        this.clock = clock;
        this.agents = agents;
    }

    public AcquireResult acquire(AcquireParams p) {
        // 1) validate everything before touching the store
        String space = TextLimits.name("space", p.space());
        String agent = TextLimits.name("agent", p.agent());
        List<String> patterns = patterns(p.patterns());
        long ttl = TextLimits.ttl(p.ttlSeconds());
        Mode mode = p.mode() == null ? Mode.exclusive : p.mode();
        String taskId = p.taskId() == null ? null : TextLimits.name("task id", p.taskId());
        requireAgent(space, agent);
        return store.write(c -> {
            // 2) sweep expired locks, then look for conflicts among the live ones
            Instant now = now();
            expireDue(c, space, now);
            List<Conflict> conflicts = conflicts(LockRows.held(c, space), agent, patterns, mode);
            if (!conflicts.isEmpty()) return new AcquireResult(List.of(), conflicts, null);
            // 3) grant under the next fencing token
            LockView lock = LockRows.insert(c, space, agent, patterns, mode, taskId, now, now.plusSeconds(ttl));
            ShareJournal.append(c, space, "LockAcquired", agent, lock, now);
            return new AcquireResult(patterns, List.of(), lock);
        });
    }

    public LockView renew(RenewParams p) {
        long ttl = TextLimits.ttl(p.ttlSeconds());
        return store.write(c -> {
            Instant now = now();
            LockView lock = holderOnly(c, p.space(), p.lockId(), p.agent(), p.token(), now, "renew");
            Instant expiresAt = now.plusSeconds(ttl);
            LockRows.setExpiry(c, lock.id(), expiresAt);
            LockView renewed = LockRows.find(c, lock.space(), lock.id());
            ShareJournal.append(c, lock.space(), "LockRenewed", lock.agent(), renewed, now);
            return renewed;
        });
    }

    public LockView release(ReleaseParams p) {
        return store.write(c -> {
            Instant now = now();
            LockView lock = holderOnly(c, p.space(), p.lockId(), p.agent(), p.token(), now, "release");
            return end(c, lock, State.released, now, "released by holder", now);
        });
    }

    public ListResult list(ListParams p) {
        String space = TextLimits.name("space", p.space());
        Scope scope = p.scope() == null ? Scope.held : p.scope();
        return store.read(c -> {
            Instant now = now();
            List<LockView> out = new ArrayList<>();
            for (LockView l : LockRows.all(c, space)) {
                LockView shown =
                        l.state() == State.held && !l.expiresAt().isAfter(now) ? withState(l, State.expired) : l;
                if (scope == Scope.all || shown.state() == State.held) out.add(shown);
            }
            return new ListResult(out);
        });
    }

    /**
     * Releases every held lock tied to {@code taskId}, inside the caller's transaction: the task code
     * calls this when the task ends so its locks end with it. Returns how many were released.
     */
    public int releaseForTask(Connection c, String space, String taskId) throws SQLException {
        return releaseTiedTo(c, space, taskId, now());
    }

    /** As {@link #releaseForTask}, at a given engine time: the task ledger calls this as a task ends. */
    static int releaseTiedTo(Connection c, String space, String taskId, Instant now) throws SQLException {
        // most tasks hold no lock: one indexed probe spares every task end a load of the space's held locks
        if (!LockRows.anyHeldFor(c, space, taskId)) return 0;
        expireDue(c, space, now);
        int n = 0;
        for (LockView l : LockRows.held(c, space)) {
            if (taskId.equals(l.taskId())) {
                end(c, l, State.released, now, "task " + taskId + " ended", now);
                n++;
            }
        }
        return n;
    }

    /**
     * Expires every overdue lock in every space, journaling a {@code LockExpired} for each. Writes
     * sweep their own space anyway; an engine calls this on a timer so expiry events are not left
     * waiting for the next acquire. Returns how many locks expired.
     */
    public int sweep() {
        return store.write(c -> {
            Instant now = now();
            int n = 0;
            for (String space : LockRows.spacesWithOverdue(c, now)) n += expireDue(c, space, now);
            return n;
        });
    }

    /** Marks held locks whose expiry has passed as expired, journaling each; returns how many. */
    static int expireDue(Connection c, String space, Instant now) throws SQLException {
        int n = 0;
        for (LockView l : LockRows.held(c, space)) {
            if (!l.expiresAt().isAfter(now)) {
                end(c, l, State.expired, l.expiresAt(), "ttl ran out", now);
                n++;
            }
        }
        return n;
    }

    private static LockView end(Connection c, LockView lock, State state, Instant at, String reason, Instant now)
            throws SQLException {
        LockRows.end(c, lock.id(), state, at);
        LockView ended = LockRows.find(c, lock.space(), lock.id());
        String type = state == State.expired ? "LockExpired" : "LockReleased";
        ShareJournal.append(c, lock.space(), type, lock.agent(), Map.of("lock", ended, "reason", reason), now);
        return ended;
    }

    /** The lock, if {@code agent} holds it with {@code token} and it is still live; else a clear error. */
    private LockView holderOnly(
            Connection c, String space, String lockId, String agent, long token, Instant now, String verb)
            throws SQLException {
        TextLimits.name("space", space);
        TextLimits.name("lock id", lockId);
        TextLimits.name("agent", agent);
        if (token <= 0)
            throw EngineException.invalid("token " + token + " must be positive (the token acquire printed)");
        LockView lock = LockRows.find(c, space, lockId);
        if (lock == null) {
            throw EngineException.notFound(
                    "no lock '" + lockId + "' in space '" + space + "'; see 'dispatch lock list --all'");
        }
        if (!lock.agent().equals(agent)) {
            throw EngineException.conflict("lock " + lockId + " is held by '" + lock.agent() + "', not '" + agent
                    + "'; only the holder may " + verb + " it");
        }
        if (lock.token() != token) {
            throw new EngineException(
                    ErrorCode.LEASE_LOST,
                    "token " + token + " does not match lock " + lockId + " (fencing token " + lock.token()
                            + "); use the token acquire returned");
        }
        if (lock.state() == State.held && !lock.expiresAt().isAfter(now)) {
            throw new EngineException(
                    ErrorCode.LEASE_LOST,
                    "lock " + lockId + " expired at " + lock.expiresAt()
                            + " (engine clock); acquire it again before writing");
        }
        if (lock.state() != State.held) {
            throw new EngineException(
                    ErrorCode.LEASE_LOST,
                    "lock " + lockId + " is " + lock.state() + " (since " + lock.endedAt()
                            + "); acquire it again before writing");
        }
        return lock;
    }

    private static List<Conflict> conflicts(List<LockView> held, String agent, List<String> patterns, Mode mode) {
        List<Conflict> out = new ArrayList<>();
        for (String want : patterns) {
            for (LockView l : held) {
                // An agent's own locks never block it; two shared locks never block each other.
                if (l.agent().equals(agent) || (mode == Mode.shared && l.mode() == Mode.shared)) continue;
                for (String have : l.patterns()) {
                    if (PathGlobs.overlap(want, have)) {
                        out.add(new Conflict(want, l.id(), l.agent(), have, l.mode(), l.expiresAt()));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> patterns(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw EngineException.invalid("no resource or glob given; name at least one, e.g. 'src/**'");
        }
        if (given.size() > MAX_PATTERNS) {
            throw EngineException.invalid(given.size() + " patterns given; at most " + MAX_PATTERNS + " per acquire");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String g : given) out.add(PathGlobs.validate(g));
        return List.copyOf(out);
    }

    private void requireAgent(String space, String agent) {
        if (!agents.exists(space, agent)) {
            throw EngineException.notFound("unknown agent '" + agent + "' in space '" + space + "'; register it first");
        }
    }

    private static LockView withState(LockView l, State s) {
        return new LockView(
                l.id(),
                l.space(),
                l.agent(),
                l.patterns(),
                l.mode(),
                l.token(),
                l.taskId(),
                s,
                l.acquiredAt(),
                l.expiresAt(),
                Objects.requireNonNullElse(l.endedAt(), l.expiresAt()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

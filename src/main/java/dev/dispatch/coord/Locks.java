package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.LockOps.AcquireLock;
import dev.dispatch.protocol.LockOps.AcquireResult;
import dev.dispatch.protocol.LockOps.Conflict;
import dev.dispatch.protocol.LockOps.ListLocks;
import dev.dispatch.protocol.LockOps.ListResult;
import dev.dispatch.protocol.LockOps.LockView;
import dev.dispatch.protocol.LockOps.Mode;
import dev.dispatch.protocol.LockOps.ReleaseLock;
import dev.dispatch.protocol.LockOps.RenewLock;
import dev.dispatch.protocol.LockOps.Scope;
import dev.dispatch.protocol.LockOps.State;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    private final Ledger ledger;
    private final AgentDirectory agents;

    Locks(Ledger ledger, AgentDirectory agents) {
        this.ledger = ledger;
        this.agents = agents;
    }

    public AcquireResult acquire(AcquireLock p) {
        // 1) validate everything before touching the store
        String space = Inputs.space(p.space());
        String agent = Inputs.name("agent", p.agent());
        List<String> patterns = patterns(p.patterns());
        long ttl = Inputs.ttl(p.ttlSeconds());
        Mode mode = p.mode() == null ? Mode.exclusive : p.mode();
        String taskId = Inputs.optionalId("task id", p.taskId());
        requireAgent(space, agent);
        return ledger.write(tx -> {
            // 2) sweep expired locks, then look for conflicts among the live ones
            expireDue(tx, space);
            List<Conflict> conflicts = conflicts(LockRows.held(tx.c, space), agent, patterns, mode);
            if (!conflicts.isEmpty()) return new AcquireResult(List.of(), conflicts, null);
            // 3) grant under the next fencing token
            LockView lock =
                    LockRows.insert(tx.c, space, agent, patterns, mode, taskId, tx.now, tx.now.plusSeconds(ttl));
            tx.emit(space, agent, new LockOps.LockAcquired(lock));
            return new AcquireResult(patterns, List.of(), lock);
        });
    }

    public LockView renew(RenewLock p) {
        long ttl = Inputs.ttl(p.ttlSeconds());
        return ledger.write(tx -> {
            LockView lock = holderOnly(tx, p.space(), p.lockId(), p.agent(), p.token(), "renew");
            LockRows.setExpiry(tx.c, lock.id(), tx.now.plusSeconds(ttl));
            LockView renewed = LockRows.find(tx.c, lock.space(), lock.id());
            tx.emit(lock.space(), lock.agent(), new LockOps.LockRenewed(renewed));
            return renewed;
        });
    }

    public LockView release(ReleaseLock p) {
        return ledger.write(tx -> {
            LockView lock = holderOnly(tx, p.space(), p.lockId(), p.agent(), p.token(), "release");
            return end(tx, lock, State.released, tx.now, "released by holder");
        });
    }

    public ListResult list(ListLocks p) {
        String space = Inputs.space(p.space());
        Scope scope = p.scope() == null ? Scope.held : p.scope();
        return ledger.read((c, now) -> {
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
     * Releases every held lock tied to {@code taskId}, in the transaction that ends the task: the task
     * code calls this wherever a task ends (completed, dead, cancelled), so its locks end with it.
     * Returns how many were released.
     */
    static int releaseForTask(Ledger.Tx tx, String space, String taskId) throws SQLException {
        // most tasks hold no lock: one indexed probe spares every task end a load of the space's held locks
        if (!LockRows.anyHeldFor(tx.c, space, taskId)) return 0;
        expireDue(tx, space);
        int n = 0;
        for (LockView l : LockRows.held(tx.c, space)) {
            if (taskId.equals(l.taskId())) {
                end(tx, l, State.released, tx.now, "task " + taskId + " ended");
                n++;
            }
        }
        return n;
    }

    /** Releases every lock {@code agent} holds in {@code space} (the agent ended); returns how many. */
    static int releaseForAgent(Ledger.Tx tx, String space, String agent, String reason) throws SQLException {
        expireDue(tx, space);
        int n = 0;
        for (LockView l : LockRows.held(tx.c, space)) {
            if (agent.equals(l.agent())) {
                end(tx, l, State.released, tx.now, reason);
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
        return ledger.write(tx -> {
            int n = 0;
            for (String space : LockRows.spacesWithOverdue(tx.c, tx.now)) n += expireDue(tx, space);
            return n;
        });
    }

    /** Marks held locks whose expiry has passed as expired, journaling each; returns how many. */
    static int expireDue(Ledger.Tx tx, String space) throws SQLException {
        int n = 0;
        for (LockView l : LockRows.held(tx.c, space)) {
            if (!l.expiresAt().isAfter(tx.now)) {
                end(tx, l, State.expired, l.expiresAt(), "ttl ran out");
                n++;
            }
        }
        return n;
    }

    private static LockView end(Ledger.Tx tx, LockView lock, State state, Instant at, String reason)
            throws SQLException {
        LockRows.end(tx.c, lock.id(), state, at);
        LockView ended = LockRows.find(tx.c, lock.space(), lock.id());
        tx.emit(
                lock.space(),
                lock.agent(),
                state == State.expired
                        ? new LockOps.LockExpired(ended, reason)
                        : new LockOps.LockReleased(ended, reason));
        return ended;
    }

    /** The lock, if {@code agent} holds it with {@code token} and it is still live; else a clear error. */
    private static LockView holderOnly(Ledger.Tx tx, String space, String lockId, String agent, long token, String verb)
            throws SQLException {
        Connection c = tx.c;
        Instant now = tx.now;
        Inputs.space(space);
        Inputs.id("lock id", lockId);
        Inputs.name("agent", agent);
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
}

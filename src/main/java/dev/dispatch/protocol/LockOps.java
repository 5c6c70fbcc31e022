package dev.dispatch.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * Locks and reservations on resources or path globs (ARCHITECTURE.md §6). An acquire is all or
 * nothing: either every requested pattern is granted under one lock id and one fencing token, or
 * nothing is and the answer lists what is in the way. Expiry is decided by the engine's clock.
 */
public final class LockOps {
    private LockOps() {}

    /** Whether a lock tolerates other holders on overlapping patterns. */
    public enum Mode {
        /** Compatible with other shared locks; conflicts with exclusive ones. */
        shared,
        /** Conflicts with every overlapping lock. */
        exclusive
    }

    /** Where a lock is in its life; only {@code held} locks conflict. */
    public enum State {
        held,
        released,
        expired
    }

    /** Acquire {@code patterns} for {@code agent} for {@code ttlSeconds}; optionally tied to a task. */
    public record AcquireLock(
            String space, String agent, List<String> patterns, long ttlSeconds, Mode mode, String taskId)
            implements Op<AcquireResult> {}

    /** A held lock that overlaps one of the requested patterns. */
    public record Conflict(
            String pattern, String lockId, String holder, String heldPattern, Mode mode, Instant expiresAt) {}

    /**
     * The answer to an acquire: {@code granted} holds the patterns now locked (all requested, or none
     * when {@code conflicts} is not empty); {@code lock} is the new lock, absent when nothing was granted.
     */
    public record AcquireResult(List<String> granted, List<Conflict> conflicts, LockView lock) {}

    /** Extend a held lock by {@code ttlSeconds} from now; only its holder, with its fencing token. */
    public record RenewLock(String space, String lockId, String agent, long token, long ttlSeconds)
            implements Op<LockView> {}

    /** Release a held lock; only its holder, with its fencing token. */
    public record ReleaseLock(String space, String lockId, String agent, long token) implements Op<LockView> {}

    /** Locks in a space: held ones, or also released/expired history when {@code all}. */
    public record ListLocks(String space, Scope scope) implements Op<ListResult> {}

    /** Which locks a listing shows. */
    public enum Scope {
        held,
        all
    }

    public record ListResult(List<LockView> locks) {}

    /** One lock as every face shows it. {@code token} is its fencing token (strictly increasing). */
    public record LockView(
            String id,
            String space,
            String agent,
            List<String> patterns,
            Mode mode,
            long token,
            String taskId,
            State state,
            Instant acquiredAt,
            Instant expiresAt,
            Instant endedAt) {}

    // the journal events of locks (docs/cli-json-share.md): the wire name is the record's name

    /** A lock was granted; on the wire its data is the {@link LockView} itself. */
    public record LockAcquired(@JsonValue LockView lock) implements Journaled {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public LockAcquired {}
    }

    /** A lock's ttl was extended; on the wire its data is the {@link LockView} itself. */
    public record LockRenewed(@JsonValue LockView lock) implements Journaled {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public LockRenewed {}
    }

    /** Its holder (or a task's end) released the lock. */
    public record LockReleased(LockView lock, String reason) implements Journaled {}

    /** The lock's ttl ran out. */
    public record LockExpired(LockView lock, String reason) implements Journaled {}

    /** The journal events of this domain, one record each (a face can take them all in one case). */
    public sealed interface Journaled extends JournalPayload
            permits LockAcquired, LockRenewed, LockReleased, LockExpired {}
}

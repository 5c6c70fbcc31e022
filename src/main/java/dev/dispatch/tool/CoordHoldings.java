package dev.dispatch.tool;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each in-process agent holds in coordination: claimed tasks with their lease, locks with their
 * fencing token. The tools record a claim or an acquire here and forget it on complete, fail or unlock;
 * the engine renews what is held while the agent lives (so a long think never loses its task) and drops
 * an agent's holdings when it ends (the registry gives its tasks and locks back).
 */
public final class CoordHoldings {
    /** A claimed task: the lease that fences it, how long one lease lasts and when this one runs out. */
    public record Lease(String space, String taskId, String lease, int leaseSeconds, Instant expiresAt) {}

    /** A held lock: its fencing token, its time to live and when it runs out. */
    public record Held(String space, String lockId, long token, long ttlSeconds, Instant expiresAt) {}

    private final Map<String, Map<String, Lease>> leases = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Held>> locks = new ConcurrentHashMap<>();

    public void claimed(String agentId, Lease lease) {
        leases.computeIfAbsent(agentId, k -> new ConcurrentHashMap<>()).put(lease.taskId(), lease);
    }

    public void released(String agentId, String taskId) {
        Map<String, Lease> m = leases.get(agentId);
        if (m != null) m.remove(taskId);
    }

    public List<Lease> leases(String agentId) {
        Map<String, Lease> m = leases.get(agentId);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public void locked(String agentId, Held lock) {
        locks.computeIfAbsent(agentId, k -> new ConcurrentHashMap<>()).put(lock.lockId(), lock);
    }

    public void unlocked(String agentId, String lockId) {
        Map<String, Held> m = locks.get(agentId);
        if (m != null) m.remove(lockId);
    }

    public List<Held> locks(String agentId) {
        Map<String, Held> m = locks.get(agentId);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** Forgets everything the agent held (it ended; the registry released it). */
    public void forget(String agentId) {
        leases.remove(agentId);
        locks.remove(agentId);
    }
}

package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.LockOps.AcquireLock;
import dev.dispatch.protocol.LockOps.AcquireResult;
import dev.dispatch.protocol.LockOps.ListLocks;
import dev.dispatch.protocol.LockOps.LockView;
import dev.dispatch.protocol.LockOps.Mode;
import dev.dispatch.protocol.LockOps.ReleaseLock;
import dev.dispatch.protocol.LockOps.RenewLock;
import dev.dispatch.protocol.LockOps.Scope;
import dev.dispatch.protocol.LockOps.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocksTest {
    static final String S = LedgerFixture.SPACE;

    @TempDir
    Path dir;

    LedgerFixture f;

    @BeforeEach
    void open() {
        f = new LedgerFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    AcquireResult acquire(String agent, Mode mode, long ttl, String... patterns) {
        return f.locks.acquire(new AcquireLock(S, agent, List.of(patterns), ttl, mode, null));
    }

    @Test
    void overlappingExclusiveLockConflictsNamingHolderAndExpiry() {
        AcquireResult first = acquire("a", Mode.exclusive, 60, "src/**");
        assertThat(first.granted()).containsExactly("src/**");
        assertThat(first.lock().token()).isPositive();

        AcquireResult second = acquire("b", Mode.exclusive, 60, "docs/a.md", "src/Main.java");
        assertThat(second.granted()).isEmpty();
        assertThat(second.lock()).isNull();
        assertThat(second.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.pattern()).isEqualTo("src/Main.java");
            assertThat(c.holder()).isEqualTo("a");
            assertThat(c.heldPattern()).isEqualTo("src/**");
            assertThat(c.lockId()).isEqualTo(first.lock().id());
            assertThat(c.expiresAt()).isEqualTo(f.clock.instant().plusSeconds(60));
        });
        // all or nothing: docs/a.md was not granted either
        assertThat(acquire("lead", Mode.exclusive, 60, "docs/a.md").granted()).containsExactly("docs/a.md");
    }

    @Test
    void sharedLocksCoexistButExclusiveOnesDoNot() {
        assertThat(acquire("a", Mode.shared, 60, "**/*.md").conflicts()).isEmpty();
        assertThat(acquire("b", Mode.shared, 60, "docs/a.md").conflicts()).isEmpty();
        assertThat(acquire("lead", Mode.exclusive, 60, "docs/**").conflicts())
                .extracting(c -> c.holder())
                .containsExactly("a", "b");
        assertThat(acquire("lead", Mode.exclusive, 60, "src/*.java").conflicts())
                .isEmpty();
        assertThat(acquire("a", Mode.shared, 60, "src/x.java").conflicts())
                .singleElement()
                .satisfies(c -> assertThat(c.mode()).isEqualTo(Mode.exclusive));
    }

    @Test
    void disjointGlobsAndOwnLocksDoNotConflict() {
        acquire("a", Mode.exclusive, 60, "src/*.java");
        assertThat(acquire("b", Mode.exclusive, 60, "src/*.md", "src/sub/*.java")
                        .conflicts())
                .isEmpty();
        assertThat(acquire("a", Mode.exclusive, 60, "src/Main.java").conflicts())
                .isEmpty();
    }

    @Test
    void locksInOtherSpacesNeverConflict() {
        acquire("a", Mode.exclusive, 60, "src/**");
        var other = f.locks.acquire(new AcquireLock("other", "x", List.of("src/**"), 60, Mode.exclusive, null));
        assertThat(other.conflicts()).isEmpty();
    }

    @Test
    void expiredLockIsNoConflictAndItsHoldersRenewAndReleaseAreRejected() {
        LockView first = acquire("a", Mode.exclusive, 30, "src/**").lock();
        f.clock.advance(Duration.ofSeconds(29));
        assertThat(acquire("b", Mode.exclusive, 30, "src/a.java").conflicts()).hasSize(1);

        f.clock.advance(Duration.ofSeconds(1)); // exactly at expiry: expired by the engine clock
        AcquireResult second = acquire("b", Mode.exclusive, 30, "src/a.java");
        assertThat(second.granted()).containsExactly("src/a.java");
        assertThat(second.lock().token()).isGreaterThan(first.token());

        Map<String, Object> before = f.snapshot();
        assertThatThrownBy(() -> f.locks.renew(new RenewLock(S, first.id(), "a", first.token(), 30)))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.LEASE_LOST))
                .hasMessageContaining(first.id())
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> f.locks.release(new ReleaseLock(S, first.id(), "a", first.token())))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.LEASE_LOST));
        assertThat(f.snapshot()).isEqualTo(before);
        assertThat(f.journalTypes()).containsExactly("LockAcquired", "LockExpired", "LockAcquired");
    }

    @Test
    void fencingTokensStrictlyIncreaseAcrossGrantsSpacesAndReopen() {
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            LockView l = acquire("a", Mode.exclusive, 10, "r" + i).lock();
            tokens.add(l.token());
            f.locks.release(new ReleaseLock(S, l.id(), "a", l.token()));
        }
        tokens.add(f.locks
                .acquire(new AcquireLock("other", "x", List.of("r"), 10, Mode.shared, null))
                .lock()
                .token());
        f.close();
        f = new LedgerFixture(dir);
        tokens.add(acquire("b", Mode.exclusive, 10, "r0").lock().token());
        // Sequences are not transactional; even if one went back after a crash, tokens must not.
        f.store.write(c -> c.createStatement().execute("ALTER SEQUENCE lock_fence RESTART WITH 1"));
        tokens.add(acquire("b", Mode.exclusive, 10, "r1").lock().token());
        assertThat(tokens).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void concurrentAcquirersOfOneResourceGetExactlyOneGrant() throws Exception {
        int threads = 8;
        for (int i = 0; i < threads; i++) f.agents.add(S, "w" + i, null);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<AcquireResult>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String agent = "w" + i;
            results.add(pool.submit(() -> {
                start.await();
                return acquire(agent, Mode.exclusive, 60, i(agent) % 2 == 0 ? "src/**" : "src/Main.java");
            }));
        }
        start.countDown();
        List<AcquireResult> done = new ArrayList<>();
        for (var r : results) done.add(r.get());
        pool.shutdown();
        assertThat(done).filteredOn(r -> r.lock() != null).hasSize(1);
        assertThat(done).filteredOn(r -> r.lock() == null).hasSize(threads - 1).allSatisfy(r -> assertThat(
                        r.conflicts())
                .isNotEmpty());
        assertThat(f.journalTypes()).containsExactly("LockAcquired");
    }

    private static int i(String agent) {
        return Integer.parseInt(agent.substring(1));
    }

    @Test
    void renewExtendsFromNowAndKeepsTheToken() {
        LockView l = acquire("a", Mode.exclusive, 30, "src/**").lock();
        f.clock.advance(Duration.ofSeconds(20));
        LockView renewed = f.locks.renew(new RenewLock(S, l.id(), "a", l.token(), 60));
        assertThat(renewed.token()).isEqualTo(l.token());
        assertThat(renewed.expiresAt()).isEqualTo(f.clock.instant().plusSeconds(60));
        f.clock.advance(Duration.ofSeconds(50));
        assertThat(acquire("b", Mode.exclusive, 30, "src/x").conflicts()).hasSize(1);
    }

    @Test
    void onlyTheHolderWithItsTokenRenewsOrReleases() {
        LockView l = acquire("a", Mode.exclusive, 30, "src/**").lock();
        Map<String, Object> before = f.snapshot();
        assertThatThrownBy(() -> f.locks.release(new ReleaseLock(S, l.id(), "b", l.token())))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("held by 'a', not 'b'");
        assertThatThrownBy(() -> f.locks.renew(new RenewLock(S, l.id(), "a", l.token() + 1, 30)))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.LEASE_LOST))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> f.locks.release(new ReleaseLock(S, "lock_nope", "a", 1)))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("lock_nope");
        assertThat(f.snapshot()).isEqualTo(before);

        LockView released = f.locks.release(new ReleaseLock(S, l.id(), "a", l.token()));
        assertThat(released.state()).isEqualTo(State.released);
        assertThatThrownBy(() -> f.locks.release(new ReleaseLock(S, l.id(), "a", l.token())))
                .hasMessageContaining("released");
        assertThat(acquire("b", Mode.exclusive, 30, "src/x").conflicts()).isEmpty();
    }

    @Test
    void locksTiedToATaskEndWithIt() {
        var t1 = f.locks.acquire(new AcquireLock(S, "a", List.of("src/**"), 60, Mode.exclusive, "task_1"));
        f.locks.acquire(new AcquireLock(S, "a", List.of("docs/**"), 60, Mode.exclusive, "task_2"));
        f.locks.acquire(new AcquireLock(S, "b", List.of("lib/**"), 60, Mode.shared, "task_1"));
        int released = f.ledger.write(tx -> Locks.releaseForTask(tx, S, "task_1"));
        assertThat(released).isEqualTo(2);
        assertThat(f.locks.list(new ListLocks(S, Scope.held)).locks())
                .extracting(LockView::taskId)
                .containsExactly("task_2");
        assertThat(f.locks.list(new ListLocks(S, Scope.all)).locks())
                .filteredOn(l -> l.id().equals(t1.lock().id()))
                .singleElement()
                .satisfies(l -> assertThat(l.state()).isEqualTo(State.released));
        assertThat(f.journal())
                .filteredOn(e -> e.type().equals("LockReleased"))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.data()).contains("task task_1 ended"));
    }

    @Test
    void sweepExpiresOverdueLocksInEverySpaceOnce() {
        acquire("a", Mode.exclusive, 10, "src/**");
        acquire("b", Mode.exclusive, 100, "docs/**");
        f.locks.acquire(new AcquireLock("other", "x", List.of("r"), 5, Mode.shared, null));
        f.clock.advance(Duration.ofSeconds(10));
        assertThat(f.locks.sweep()).isEqualTo(2);
        assertThat(f.locks.sweep()).isZero();
        assertThat(f.journal())
                .filteredOn(e -> e.type().equals("LockExpired"))
                .extracting(e -> e.space())
                .containsExactlyInAnyOrder(S, "other");
        assertThat(f.locks.list(new ListLocks(S, Scope.held)).locks())
                .extracting(LockView::agent)
                .containsExactly("b");
    }

    @Test
    void listShowsExpiredLocksAsExpiredWithoutWriting() {
        acquire("a", Mode.exclusive, 10, "src/**");
        acquire("b", Mode.shared, 100, "docs/**");
        f.clock.advance(Duration.ofSeconds(11));
        Map<String, Object> before = f.snapshot();
        assertThat(f.locks.list(new ListLocks(S, Scope.held)).locks())
                .extracting(LockView::agent)
                .containsExactly("b");
        assertThat(f.locks.list(new ListLocks(S, Scope.all)).locks())
                .extracting(LockView::state)
                .containsExactly(State.expired, State.held);
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        acquire("a", Mode.exclusive, 30, "keep");
        Map<String, Object> before = f.snapshot();
        List<AcquireLock> bad = List.of(
                new AcquireLock(S, "ghost", List.of("x"), 30, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of(), 30, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of("x"), -5, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of("x"), 0, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of("x"), 999_999, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of("../x"), 30, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of("a\u0000b"), 30, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of("x".repeat(5000)), 30, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of("x\uD800"), 30, Mode.exclusive, null),
                new AcquireLock(S, "", List.of("x"), 30, Mode.exclusive, null),
                new AcquireLock(S, "a", List.of("x"), 30, Mode.exclusive, " "));
        for (AcquireLock p : bad) {
            assertThatThrownBy(() -> f.locks.acquire(p))
                    .as(p.toString())
                    .isInstanceOf(EngineException.class)
                    .satisfies(
                            e -> assertThat(((EngineException) e).code()).isIn(ErrorCode.INVALID, ErrorCode.NOT_FOUND));
        }
        assertThatThrownBy(() -> f.locks.renew(new RenewLock(S, "lock_x", "a", -1, 30)))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> f.locks.renew(new RenewLock(S, "lock_x", "a", 1, -30)))
                .hasMessageContaining("-30");
        assertThat(f.snapshot()).isEqualTo(before);
    }
}

package dev.dispatch.store;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Which backend the coordination scenario tests open (issue 26: the same suite, same assertions, on H2 and
 * on PostgreSQL). The tests open their store through {@link #open}; a subclass annotated
 * {@code @ExtendWith(TestStores.OnPostgres.class)} runs every inherited test against a fresh database on
 * the shared {@link PgServer}. Test classes run one at a time in one JVM (surefire's default here).
 */
public final class TestStores {
    /** How many {@link OnPostgres} scopes are active (an outer class and its nested classes each count). */
    private static final java.util.concurrent.atomic.AtomicInteger postgres =
            new java.util.concurrent.atomic.AtomicInteger();

    private static final java.util.Map<Path, String> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

    private TestStores() {}

    /** A store in {@code dir}: the H2 file, or a new PostgreSQL database while {@link OnPostgres} is active. */
    public static Store open(Path dir) {
        if (postgres.get() == 0) return Store.open(dir);
        // the same dir opened again (a test reopening its store) finds the same database
        String url = DATABASES.computeIfAbsent(
                dir.toAbsolutePath().normalize(), d -> PgServer.get().freshUrl());
        return Store.open(dir, StoreOptions.oneShot().withDatabase(StoreUrl.parse(url)));
    }

    public static boolean postgres() {
        return postgres.get() > 0;
    }

    /** Runs a test class on PostgreSQL. */
    public static final class OnPostgres implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            PgServer.get();
            postgres.incrementAndGet();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            postgres.decrementAndGet();
        }
    }
}

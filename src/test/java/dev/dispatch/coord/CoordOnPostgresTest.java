package dev.dispatch.coord;

import dev.dispatch.store.TestStores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The coordination scenario suite on PostgreSQL (issue 26): every test of each class below runs again,
 * same assertions, with its store on a fresh database of a real PostgreSQL server ({@code PgServer})
 * instead of the H2 file. The H2 runs are the classes themselves.
 */
@ExtendWith(TestStores.OnPostgres.class)
class CoordOnPostgresTest {
    @Nested
    class Claims extends ClaimsTest {}

    @Nested
    class Locks extends LocksTest {}

    @Nested
    class Messages extends MessagesTest {}

    @Nested
    class Sweeper extends SweeperTest {}

    @Nested
    class ClaimConcurrency extends ClaimConcurrencyTest {}

    @Nested
    class EventStream extends EventStreamTest {}

    @Nested
    class Approvals extends ApprovalsTest {}

    @Nested
    class Knowledge extends KnowledgeTest {}

    @Nested
    class Agents extends AgentsTest {}

    @Nested
    class TaskEndReleasesLocks extends TaskEndReleasesLocksTest {}

    @Nested
    class LedgerConcurrency extends LedgerConcurrencyTest {}

    @Nested
    class BadInput extends BadInputTest {}
}

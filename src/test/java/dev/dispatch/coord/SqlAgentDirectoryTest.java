package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlAgentDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void withoutAnAgentTableNoAgentIsKnown() {
        try (Store store = Store.open(dir)) {
            boolean hasTable = store.read(
                    c -> c.getMetaData().getTables(null, null, "AGENT", null).next());
            if (hasTable) store.write(c -> c.createStatement().execute("DROP TABLE agent CASCADE"));
            AgentDirectory d = new SqlAgentDirectory(
                    new Ledger(store, new dev.dispatch.bus.Bus<>(), java.time.InstantSource.system()));
            assertThat(d.exists("p", "a")).isFalse();
            assertThat(d.names("p")).isEmpty();
            assertThat(d.parentOf("p", "a")).isEmpty();
        }
    }

    @Test
    void readsExistenceParentsAndChildrenFromTheAgentTable() {
        try (Store store = Store.open(dir)) {
            // registered the real way, so the directory reads the table the agent code writes
            Agents agents = new Coord(store, new dev.dispatch.bus.Bus<>(), Coord.Settings.defaults()).agents();
            for (String[] a :
                    new String[][] {{"p", "lead", null}, {"p", "b", "lead"}, {"p", "a", "lead"}, {"q", "lead", null}}) {
                agents.register(new dev.dispatch.protocol.AgentOps.RegisterAgent(
                        a[0], a[1], List.of(), null, a[2], null, null));
            }
            AgentDirectory d = new SqlAgentDirectory(
                    new Ledger(store, new dev.dispatch.bus.Bus<>(), java.time.InstantSource.system()));
            assertThat(d.exists("p", "a")).isTrue();
            assertThat(d.exists("q", "a")).isFalse();
            assertThat(d.parentOf("p", "a")).contains("lead");
            assertThat(d.parentOf("p", "lead")).isEmpty();
            assertThat(d.childrenOf("p", "lead")).containsExactly("a", "b");
            assertThat(d.names("p")).containsExactly("a", "b", "lead");
        }
    }
}

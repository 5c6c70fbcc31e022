package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesTest {
    @TempDir
    Path home;

    @Test
    void aBusyDataDirBecomesABusyErrorNamingTheHolder() throws Exception {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Path socket = dirs.socket();
        try (Engine owner = Engines.local(dirs, Map.of(), StoreOptions.owner("daemon", socket))) {
            assertThatThrownBy(() -> Engines.local(dirs))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                    .hasMessage("data dir " + dirs.data().toRealPath() + " is in use by pid "
                            + ProcessHandle.current().pid() + " (socket " + socket + ")");
            assertThat(owner.describe()).contains(dirs.data().toString());
        }
        try (Engine again = Engines.local(dirs)) {
            assertThat(again.describe()).startsWith("in-process");
        }
    }

    @Test
    void theOneShotWaitIsTheStoreLockWaitSettingAndBadValuesAreNamed() {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        assertThat(Engines.oneShotWait(dirs, Map.of())).isEqualTo(StoreOptions.DEFAULT_WAIT);
        assertThat(Engines.oneShotWait(dirs, Map.of("DISPATCH_STORE_LOCK_WAIT", "2500ms")))
                .isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> Engines.oneShotWait(dirs, Map.of("DISPATCH_STORE_LOCK_WAIT", "soon")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                .hasMessageContaining("soon")
                .hasMessageContaining("DISPATCH_STORE_LOCK_WAIT");
    }
}

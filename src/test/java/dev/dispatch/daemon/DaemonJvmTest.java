package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A forked daemon gets a capped heap, the serial collector and the idle trim unless the user replaces the options. */
class DaemonJvmTest {
    @Test
    void defaultsCapTheHeap() {
        assertThat(DaemonJvm.options(Map.of()))
                .contains("-Xmx256m", "-XX:+UseSerialGC", "-Ddispatch.daemon.idleTrim=true");
        assertThat(DaemonJvm.options(Map.of(DaemonJvm.ENV, "  "))).isEqualTo(DaemonJvm.DEFAULTS);
    }

    @Test
    void theEnvironmentReplacesThem() {
        assertThat(DaemonJvm.options(Map.of(DaemonJvm.ENV, " -Xmx1g  -XX:+UseSerialGC ")))
                .containsExactly("-Xmx1g", "-XX:+UseSerialGC");
    }
}

package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The daemon's lifecycle through the real CLI in real processes: start detaches and reports, a second
 * start is refused with the first one's pid and socket, status and stop work, a daemon killed with
 * -9 leaves a stale socket and registry that the next start cleans up.
 */
@Tag("slow")
class DaemonCommandTest {
    Path home;
    Dirs dirs;

    @BeforeEach
    void home() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "dc-");
        dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
    }

    @AfterEach
    void cleanUp() throws Exception {
        DaemonInfo info = DaemonInfo.read(dirs.runtime());
        if (info != null) ProcessHandle.of(info.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    DispatchProcess.Run dispatch(String... args) throws Exception {
        return DispatchProcess.run(home, home, Map.of(), args);
    }

    @Test
    void startStatusSecondStartStop() throws Exception {
        DispatchProcess.Run none = dispatch("daemon", "status");
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.out()).contains("no daemon running");

        DispatchProcess.Run started = dispatch("daemon", "start", "--port", "0");
        assertThat(started.exit()).as(started.err()).isZero();
        DaemonInfo info = DaemonInfo.read(dirs.runtime());
        assertThat(info).isNotNull();
        assertThat(started.out())
                .contains("daemon started: pid " + info.pid())
                .contains("socket " + dirs.socket())
                .contains("port " + info.port());
        assertThat(info.port()).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dirs.socket())))
                .isEqualTo("rw-------");

        DispatchProcess.Run second = dispatch("daemon", "start");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("already running (pid " + info.pid() + ", socket " + dirs.socket());
        DispatchProcess.Run foreground = dispatch("daemon", "run", "--no-port");
        assertThat(foreground.exit()).isEqualTo(1);
        assertThat(foreground.err()).contains("already running (pid " + info.pid());

        DispatchProcess.Run status = dispatch("daemon", "status", "--json");
        assertThat(status.exit()).isZero();
        var json = Json.mapper().readTree(status.out());
        assertThat(json.get("running").asBoolean()).isTrue();
        assertThat(json.get("pid").asLong()).isEqualTo(info.pid());
        assertThat(json.get("port").asInt()).isEqualTo(info.port());
        assertThat(json.get("uptimeSeconds").asLong()).isNotNegative();

        DispatchProcess.Run stop = dispatch("daemon", "stop");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("daemon stopped (pid " + info.pid() + ")");
        assertThat(ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(dirs.runtime().resolve(DaemonInfo.FILE)).doesNotExist();
        assertThat(dirs.socket()).doesNotExist();
        String log = Files.readString(dirs.state().resolve("daemon.log"));
        assertThat(log).contains("\"event\":\"started\"").contains("\"event\":\"stopped\"");
        assertThat(log).doesNotContain(Files.readString(dirs.operatorToken()).strip());
        DispatchProcess.Run logs = dispatch("daemon", "logs", "-n", "3");
        assertThat(logs.exit()).isZero();
        assertThat(logs.out()).contains("\"event\":\"stopped\"");
    }

    @Test
    void aKilledDaemonsSocketAndRegistryAreCleanedUpByTheNextStart() throws Exception {
        assertThat(dispatch("daemon", "start", "--no-port").exit()).isZero();
        DaemonInfo first = DaemonInfo.read(dirs.runtime());
        ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
        ProcessHandle.of(first.pid()).ifPresent(h -> h.onExit().join());
        assertThat(dirs.socket()).exists(); // stale
        assertThat(dispatch("daemon", "status").exit()).isEqualTo(3);

        DispatchProcess.Run again = dispatch("daemon", "start", "--no-port");
        assertThat(again.exit()).as(again.err()).isZero();
        DaemonInfo second = DaemonInfo.read(dirs.runtime());
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.port()).isZero();
        assertThat(dispatch("daemon", "stop").exit()).isZero();
    }
}

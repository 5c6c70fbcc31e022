package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.protocol.Json;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @TempDir
    Path tmp;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(tmp);
    }

    @Test
    void freshHomePassesWithOptionalToolsReportedAsInfo() {
        var r = fx.run("doctor");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("✓ jdk")
                .contains("– data dir")
                .contains("does not exist yet")
                .contains("✓ config")
                .contains("– daemon")
                .contains("not running")
                .contains("– bwrap")
                .contains("shell commands run unsandboxed")
                .doesNotContain("clangd")
                .doesNotContain("worktrees")
                .doesNotContain("✗");
    }

    /** How one-shots reach the socket: information unless the native library is named and loads. */
    @Test
    void theSocketCheckSaysWhichSocketOneShotsUseAndHowToGetTheFastOne() {
        assertThat(DoctorChecks.socket(new UnixHttp.Transport(null, false)))
                .satisfies(c -> assertThat(c.status()).isEqualTo(DoctorCheck.Status.INFO))
                .satisfies(c ->
                        assertThat(c.detail()).contains("the JDK's Unix socket").contains("C compiler"));
        assertThat(DoctorChecks.socket(new UnixHttp.Transport("/x/libdispatch-socket.so", false)))
                .satisfies(c -> assertThat(c.status()).isEqualTo(DoctorCheck.Status.INFO))
                .satisfies(c -> assertThat(c.detail())
                        .contains("/x/libdispatch-socket.so does not load")
                        .contains("re-run install.sh"));
        assertThat(DoctorChecks.socket(new UnixHttp.Transport("/x/libdispatch-socket.so", true)))
                .satisfies(c -> assertThat(c.status()).isEqualTo(DoctorCheck.Status.OK))
                .satisfies(c -> assertThat(c.detail()).contains("native library /x/libdispatch-socket.so"));
    }

    @Test
    void existingStoreOpensAndToolsOnPathAreFound() throws Exception {
        Path data = tmp.resolve("dh/data");
        Files.createDirectories(
                data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path bwrap = CliFixture.write(tmp.resolve("bin/bwrap"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bwrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        var r = fx.run("doctor");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("✓ data dir")
                .contains("mode 0700")
                .contains("✓ store")
                .contains("opens")
                .contains("✓ bwrap")
                .contains(bwrap.toString())
                .contains("sandboxed shell commands");
        assertThat(Files.exists(data.resolve("dispatch.mv.db"))).isTrue();
    }

    @Test
    void brokenConfigFailsAndNamesTheError() {
        fx.projectConfig("daemon:\n  prot: 1\n");
        var r = fx.run("doctor");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out())
                .contains("✗ config")
                .contains("dispatch.yaml:2:3: unknown key 'prot' in 'daemon' (did you mean 'port'?)");
    }

    @Test
    void literalKeyInAReadableUserConfigFails() throws Exception {
        Path user = fx.userConfig(
                "providers:\n  a: { type: anthropic }\nkeys:\n  - { id: k, provider: a, secret: sk-x }\n");
        Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rw-r--r--"));
        var r = fx.run("doctor");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out())
                .contains("✗ config")
                .contains("other users can read it")
                .contains("chmod 600")
                .doesNotContain("sk-x");
        Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rw-------"));
        assertThat(fx.run("doctor").exitCode()).isZero();
    }

    @Test
    void worldReadableDataDirFails() throws Exception {
        Path data = tmp.resolve("dh/data");
        Files.createDirectories(
                data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        var r = fx.run("doctor");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("✗ data dir").contains("rwxr-xr-x").contains("chmod 700");
    }

    @Test
    void runningDaemonIsReachableOverItsSocket() throws Exception {
        Path socket = tmp.resolve("dh/run/dispatch.sock");
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            var r = fx.run("doctor", "--json");
            assertThat(r.exitCode()).as(r.out()).isZero();
            JsonNode root = Json.mapper().readTree(r.out());
            assertThat(root.get("ok").asBoolean()).isTrue();
            JsonNode daemon = check(root, "daemon");
            assertThat(daemon.get("status").asText()).isEqualTo("ok");
            assertThat(daemon.get("detail").asText()).contains("running").contains(socket.toString());
            assertThat(check(root, "store").get("detail").asText()).contains("owned by the running daemon");
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void staleSocketIsInfoNotFailure() throws Exception {
        CliFixture.write(tmp.resolve("dh/run/dispatch.sock"), "");
        var r = fx.run("doctor");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("– daemon").contains("stale socket");
    }

    @Test
    void jsonReportsFailureWithNotes() throws Exception {
        fx.userConfig("");
        var r = fx.run("doctor", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("ok").asBoolean()).isFalse();
        JsonNode config = check(root, "config");
        assertThat(config.get("status").asText()).isEqualTo("fail");
        assertThat(config.get("notes").get(0).asText()).contains("config.yaml: the file is empty");
    }

    private static JsonNode check(JsonNode root, String name) {
        for (JsonNode n : root.get("checks")) if (n.get("name").asText().equals(name)) return n;
        throw new AssertionError(name + " missing");
    }
}

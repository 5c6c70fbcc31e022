package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunLane}, the thin start of an attached {@code dispatch run}: against a real daemon it prints
 * what the picocli command prints, byte for byte once ids are masked, in every output format and on
 * errors; it takes only argument shapes it is sure of; and a run it hands back (no owner, no model) is
 * left untouched for picocli. As a process it loads neither picocli nor Jackson's mapper.
 */
class RunLaneTest {
    @TempDir
    Path project;

    @Test
    void takesOnlyTheShapesItReadsAsPicocliWould() {
        assertThat(RunLane.parse(new String[] {"run", "do it"})).isNotNull();
        assertThat(RunLane.parse(new String[] {
                    "--data-dir",
                    "/tmp/d",
                    "run",
                    "--model=m",
                    "--cwd",
                    "x",
                    "--max-turns",
                    "7",
                    "--continue",
                    "-",
                    "--output-format",
                    "stream-json",
                    "--permission-mode",
                    "deny",
                    "--no-daemon",
                    "--i-know"
                }))
                .isNotNull();
        assertThat(RunLane.parse(new String[] {"run", "--session", "s1", "p"})).isNotNull();
        for (String[] unsure : List.of(
                new String[] {"run"}, // no prompt: picocli's error
                new String[] {"run", "a", "b"},
                new String[] {"run", "--help"},
                new String[] {"run", "-h", "p"},
                new String[] {"run", "p", "--no-serve"},
                new String[] {"run", "p", "--debug"},
                new String[] {"run", "@args.txt"},
                new String[] {"run", "p", "--model", "a", "--model", "b"},
                new String[] {"run", "p", "--resume", "a", "--session", "b"},
                new String[] {"run", "p", "--continue", "--continue"},
                new String[] {"run", "p", "--model"},
                new String[] {"run", "p", "--model", "--tag"},
                new String[] {"run", "p", "--max-turns", "0x10"},
                new String[] {"run", "p", "--max-turns", "-1"},
                new String[] {"run", "p", "--max-turns", "010"},
                new String[] {"run", "p", "--max-turns", "99999999999"},
                new String[] {"run", "p", "--output-format", "yaml"},
                new String[] {"run", "p", "--"},
                new String[] {"run", "p", "--unknown"},
                new String[] {"run", ""},
                new String[] {"task", "list"},
                new String[] {"--data-dir", "run", "p"})) {
            assertThat(RunLane.parse(unsure)).as(String.join(" ", unsure)).isNull();
        }
    }

    @Test
    void attachedItPrintsWhatPicocliPrintsInEveryFormat() throws Exception {
        Path home = ScriptedHome.create("rl-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            Files.writeString(project.resolve("a.txt"), "forty-two \"quoted\"\n\ttabbed ✓\n");
            Daemon daemon = daemon(home);
            try {
                for (String format : List.of("stream-json", "json", "text")) {
                    String[] args = {
                        "run",
                        "--output-format",
                        format,
                        "--permission-mode",
                        "bypass",
                        "--i-know",
                        "what does a.txt say?"
                    };
                    Result lane = null;
                    Result picocli = null;
                    for (int side = 0; side < 2; side++) {
                        server.replyToolCalls(call("c1", "read_file", "{\"path\":\"a.txt\"}"))
                                .replyText("It says \"forty-two\".\nDone ✓");
                        if (side == 0) lane = lane(home, args, "");
                        else picocli = picocli(home, args);
                    }
                    assertThat(lane.code()).as(format + ": " + lane.err()).isZero();
                    assertThat(masked(lane.out())).as(format).isEqualTo(masked(picocli.out()));
                    assertThat(masked(lane.err())).as(format).isEqualTo(masked(picocli.err()));
                    assertThat(lane.code()).isEqualTo(picocli.code());
                }
                // an error from the owner (an unknown template) is said the same way, with the same exit code
                String[] bad = {"run", "--agent", "nobody", "p"};
                Result lane = lane(home, bad, "");
                Result picocli = picocli(home, bad);
                assertThat(lane.code()).isNotZero().isEqualTo(picocli.code());
                assertThat(lane.err()).contains("no agent template 'nobody'").isEqualTo(picocli.err());
                // the prompt from stdin
                server.replyText("from stdin");
                Result stdin = lane(home, new String[] {"run", "-"}, "say it");
                assertThat(stdin.code()).as(stdin.err()).isZero();
                assertThat(stdin.out()).isEqualTo("from stdin\n");
                assertThat(server.requests()
                                .get(server.requests().size() - 1)
                                .json()
                                .toString())
                        .contains("say it");
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    @Test
    void withNoOwnerItHostsTheRunAndSaysWhatPicocliSays() throws Exception {
        Path home = ScriptedHome.create("rc-");
        Path other = ScriptedHome.create("rd-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            // no model configured: the first-run advice, as picocli gives it, and no data dir made
            String[] noModel = {"run", "--permission-mode", "bypass", "--i-know", "p"};
            Result lane = lane(home, noModel, "");
            Result picocli = picocli(other, noModel);
            assertThat(lane.code()).isEqualTo(picocli.code()).isEqualTo(ExitCode.ERROR.code());
            assertThat(lane.err().replace(home.toString(), "HOME"))
                    .isNotEmpty()
                    .isEqualTo(picocli.err().replace(other.toString(), "HOME"));
            assertThat(home.resolve("data")).doesNotExist();
            // configured: the same run, hosted by each, prints the same; the socket is served while it runs
            // and gone after it
            ScriptedHome.configure(home, server);
            ScriptedHome.configure(other, server);
            for (String format : List.of("stream-json", "json", "text")) {
                String[] args = {"run", "--output-format", format, "create hello.txt"};
                Result[] sides = new Result[2];
                for (int side = 0; side < 2; side++) {
                    Files.deleteIfExists(project.resolve("hello.txt"));
                    server.replyToolCalls(call("c1", "write_file", "{\"path\":\"hello.txt\",\"content\":\"hi\\n\"}"))
                            .replyText("Wrote it.");
                    sides[side] = side == 0 ? lane(home, args, "") : picocli(other, args);
                    assertThat(project.resolve("hello.txt")).hasContent("hi\n");
                }
                assertThat(sides[0].code()).as(format + ": " + sides[0].err()).isZero();
                assertThat(masked(sides[0].out())).as(format).isEqualTo(masked(sides[1].out()));
                assertThat(masked(sides[0].err())).as(format).isEqualTo(masked(sides[1].err()));
            }
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            assertThat(dirs.socket()).doesNotExist();
            assertThat(dirs.runtime().resolve(dev.dispatch.protocol.DaemonInfo.FILE))
                    .doesNotExist();
            // a stale socket left by a killed owner does not stop it
            Files.createDirectories(dirs.runtime());
            try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                ch.bind(java.net.UnixDomainSocketAddress.of(dirs.socket()));
            }
            server.replyText("again");
            Result stale = lane(home, new String[] {"run", "say it again"}, "");
            assertThat(stale.code()).as(stale.err()).isZero();
            assertThat(stale.out()).isEqualTo("again\n");
        } finally {
            ScriptedHome.delete(home);
            ScriptedHome.delete(other);
        }
    }

    @Test
    void coldAsAProcessItLoadsNoPicocliJettyMcpServerJmxOrTls() throws Exception {
        Path home = ScriptedHome.create("rq-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.replyToolCalls(call("c1", "write_file", "{\"path\":\"hello.txt\",\"content\":\"hi\\n\"}"))
                    .replyText("Wrote it.");
            ScriptedHome.configure(home, server);
            Path classes = home.resolve("classes.log");
            List<String> jvm = new java.util.ArrayList<>(dev.dispatch.client.NativeBuild.launcherOptions());
            jvm.add("-Xlog:class+load=info:file=" + classes);
            DispatchProcess.Run r = DispatchProcess.run(
                    home,
                    project,
                    Map.of(),
                    jvm,
                    java.time.Duration.ofSeconds(60),
                    "run",
                    "--output-format",
                    "stream-json",
                    "create hello.txt");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"type\":\"tool_result\"").contains("\"type\":\"end\"");
            assertThat(project.resolve("hello.txt")).hasContent("hi\n");
            String loaded = Files.readString(classes);
            assertThat(loaded)
                    .as("a cold run hosts the engine and serves the socket")
                    .contains("dev.dispatch.cli.RunLane ")
                    .contains("dev.dispatch.app.LocalEngine ")
                    .contains("dev.dispatch.daemon.DaemonServer ")
                    .doesNotContain(" picocli.")
                    .doesNotContain("org.eclipse.jetty.server.Server ")
                    .doesNotContain("dev.dispatch.mcp.McpServer ")
                    .doesNotContain(" javax.management.")
                    .doesNotContain(" java.lang.management.")
                    .as("no TLS set up for an http:// endpoint (provider/PlainHttp's refusing context stands in)")
                    .doesNotContain(" sun.security.ssl.")
                    .doesNotContain("SSLContextImpl");
        } finally {
            ScriptedHome.delete(home);
        }
    }

    @Test
    void withAnOwnerButNoModelItLeavesTheRunToPicocli() throws Exception {
        Path home = ScriptedHome.create("rn-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            // an owner without a default model: the engine refuses, picocli's first-run advice is the answer
            Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
            Files.writeString(
                    config, "providers: { s: { type: anthropic, base_url: \"" + server.baseUrl() + "\" } }\n");
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Daemon daemon = daemon(home);
            try {
                RunCommand.stdin = System.in;
                Result handed =
                        lane(home, new String[] {"run", "--permission-mode", "bypass", "--i-know", "-"}, "kept");
                assertThat(handed.code()).isEqualTo(SocketLane.NOT_TAKEN);
                assertThat(handed.out()).isEmpty();
                assertThat(handed.err())
                        .as("the bypass warning is said once, by picocli")
                        .isEmpty();
                assertThat(new String(RunCommand.stdin.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("kept");
                assertThat(server.requests()).isEmpty();
            } finally {
                RunCommand.stdin = System.in;
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    @Test
    void asAProcessItLoadsNoPicocliNoJacksonMapperNoJmxAndNoTls() throws Exception {
        Path home = ScriptedHome.create("rp-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.replyToolCalls(call("c1", "write_file", "{\"path\":\"hello.txt\",\"content\":\"hi\\n\"}"))
                    .replyText("Wrote it.");
            ScriptedHome.configure(home, server);
            Daemon daemon = daemon(home);
            try {
                Path classes = home.resolve("classes.log");
                List<String> jvm = new java.util.ArrayList<>(dev.dispatch.client.NativeBuild.launcherOptions());
                jvm.add("-Xlog:class+load=info:file=" + classes);
                DispatchProcess.Run r = DispatchProcess.run(
                        home,
                        project,
                        Map.of(),
                        jvm,
                        java.time.Duration.ofSeconds(60),
                        "run",
                        "--output-format",
                        "stream-json",
                        "create hello.txt");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).contains("\"type\":\"tool_result\"").contains("\"type\":\"end\"");
                assertThat(project.resolve("hello.txt")).hasContent("hi\n");
                String loaded = Files.readString(classes);
                assertThat(loaded)
                        .contains("dev.dispatch.cli.RunLane ")
                        .doesNotContain(" picocli.")
                        .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ")
                        .doesNotContain(" javax.management.")
                        .doesNotContain(" sun.security.ssl.")
                        .doesNotContain("dev.dispatch.app.")
                        .doesNotContain("org.eclipse.jetty.");
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    private record Result(int code, String out, String err) {}

    private static Daemon daemon(Path home) throws Exception {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        return Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
    }

    private Result lane(Path home, String[] args, String stdin) {
        Map<String, String> vars = Map.of("DISPATCH_HOME", home.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = Environment.with(
                new Environment.Snapshot(vars, project),
                () -> RunLane.run(args, vars, in, new PrintWriter(out), new PrintWriter(err)));
        return new Result(code, out.toString(), err.toString());
    }

    private Result picocli(Path home, String[] args) {
        var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), project);
        var r = Environment.with(env, () -> CliHarness.run(args));
        return new Result(r.exitCode(), r.out(), r.err());
    }

    /** Session and agent ids and the agent's numbered name (main, main-2, …), which differ from run to run. */
    private static String masked(String s) {
        return s.replaceAll("ses_[0-9a-f]+", "ses_X")
                .replaceAll("agt_[0-9a-f]+", "agt_X")
                .replaceAll("\"name\":\"main-[0-9]+\"", "\"name\":\"main\"");
    }
}

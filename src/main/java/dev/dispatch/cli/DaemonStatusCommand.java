package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.DaemonOps;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch daemon status}: who serves the socket (a daemon, or an interactive session hosting the
 * engine), pid, socket, port, version, uptime; exit 3 when nobody does.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show what serves the socket: the daemon, or a 'dispatch', 'dispatch chat' or 'dispatch run' session",
            "hosting the engine (kind: daemon, workbench, chat, run); its pid, socket, port, version, data dir,",
            "uptime, whether it was auto-started and when it exits idle (docs/owner.md), its log. Exit 3 if nothing",
            "serves it."
        })
public final class DaemonStatusCommand implements Callable<Integer> {
    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Dirs dirs = Cli.globals(spec).dirs();
        PrintWriter out = spec.commandLine().getOut();
        Optional<RemoteEngine> remote = Daemons.find(dirs, Map.of());
        if (remote.isEmpty()) {
            if (json.enabled()) out.println("{\"running\":false}");
            else out.println("no daemon running (runtime dir " + dirs.runtime() + ")");
            out.flush();
            return ExitCode.NOT_FOUND.code();
        }
        DaemonOps.DaemonStatusResult s;
        try (RemoteEngine engine = remote.get()) {
            s = engine.submit(new DaemonOps.Status());
        }
        if (json.enabled()) {
            var node = Json.mapper().valueToTree(s);
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("running", true);
            out.println(Json.mapper().writeValueAsString(node));
        } else {
            String life = s.autostarted() ? "auto-started" : "";
            if (s.idleExitSeconds() > 0) {
                life += (life.isEmpty() ? "" : ", ") + "exits after " + human(Duration.ofSeconds(s.idleExitSeconds()))
                        + " idle";
            }
            out.println("running: " + DaemonInfo.describeKind(s.kind()) + ", pid " + s.pid()
                    + (life.isEmpty() ? "" : " (" + life + ")"));
            out.println("socket:  " + s.socket());
            out.println("port:    " + (s.port() == 0 ? "none" : String.valueOf(s.port())));
            out.println("version: " + s.version());
            out.println("data:    " + s.dataDir());
            out.println("uptime:  " + human(Duration.ofSeconds(s.uptimeSeconds())));
            // where 'daemon start' and auto-start send a detached daemon's output ('daemon logs' reads it)
            if (DaemonInfo.DAEMON.equals(s.kind())) out.println("log:     " + DaemonCommand.logFile(dirs));
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static String human(Duration d) {
        if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) return d.toHours() + "h";
        if (d.toHours() > 0) return d.toHours() + "h " + d.toMinutesPart() + "m";
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) return d.toMinutes() + "m";
        if (d.toMinutes() > 0) return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        return d.toSeconds() + "s";
    }
}

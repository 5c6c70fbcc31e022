package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.config.Dirs;
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

/** {@code dispatch daemon status}: pid, socket, port, version, uptime; exit 3 when none runs. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {"Show the running daemon: pid, socket, port, version, data dir, uptime. Exit 3 if none runs."})
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
            out.println("running: pid " + s.pid());
            out.println("socket:  " + s.socket());
            out.println("port:    " + (s.port() == 0 ? "none" : String.valueOf(s.port())));
            out.println("version: " + s.version());
            out.println("data:    " + s.dataDir());
            out.println("uptime:  " + human(Duration.ofSeconds(s.uptimeSeconds())));
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static String human(Duration d) {
        if (d.toHours() > 0) return d.toHours() + "h " + d.toMinutesPart() + "m";
        if (d.toMinutes() > 0) return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        return d.toSeconds() + "s";
    }
}

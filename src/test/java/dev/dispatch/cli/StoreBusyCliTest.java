package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.store.StoreOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that finds the data dir held by an owner prints one line and exits 1, no stack trace. */
class StoreBusyCliTest {
    @Command(name = "probe-store")
    static final class ProbeStore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Engine e = Engines.local(Cli.globals(spec).dirs())) {
                spec.commandLine().getOut().println(e.describe());
            }
            return 0;
        }
    }

    @Test
    void busyDataDirPrintsTheHolderAndExitsOne(@TempDir Path data) throws Exception {
        Path socket = data.resolve("owner.sock");
        Dirs dirs = Dirs.fromEnvironment().withData(data);
        try (Engine owner = Engines.local(dirs, java.util.Map.of(), StoreOptions.owner("daemon", socket))) {
            CommandLine cl = Cli.commandLine();
            cl.addSubcommand(new ProbeStore());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("--data-dir", data.toString(), "probe-store");
            cl.getErr().flush();
            assertThat(code).isEqualTo(1);
            assertThat(err.toString())
                    .isEqualTo("dispatch: data dir " + data.toRealPath() + " is in use by pid "
                            + ProcessHandle.current().pid() + " (socket " + socket + ")" + System.lineSeparator());
            assertThat(out.toString()).isEmpty();
        }
    }
}

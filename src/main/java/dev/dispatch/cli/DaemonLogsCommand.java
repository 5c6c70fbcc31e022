package dev.dispatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dispatch daemon logs}: the detached daemon's JSON-lines log (tail, optionally follow). */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {"Print the daemon log (JSON lines: request id, route, status, duration; never tokens)."})
public final class DaemonLogsCommand implements Callable<Integer> {
    @Option(
            names = {"-n", "--lines"},
            paramLabel = "N",
            defaultValue = "50",
            description = "Lines to show (default ${DEFAULT-VALUE}).")
    int lines;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing lines as they are written (Ctrl-C to stop).")
    boolean follow;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path file = DaemonCommand.logFile(Cli.globals(spec).dirs());
        if (!Files.exists(file)) {
            throw new CliException(
                    ExitCode.NOT_FOUND, "no daemon log at " + file + " (start one with 'dispatch daemon start')");
        }
        PrintWriter out = spec.commandLine().getOut();
        String tail = DaemonCommand.tail(file, 0, lines);
        if (!tail.isEmpty()) out.println(tail);
        out.flush();
        if (!follow) return ExitCode.OK.code();
        long pos = Files.size(file);
        while (!Thread.currentThread().isInterrupted()) {
            long size = Files.size(file);
            if (size < pos) pos = 0; // truncated or rotated: start over
            if (size > pos) {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                    f.seek(pos);
                    byte[] buf = new byte[(int) (size - pos)];
                    f.readFully(buf);
                    out.print(new String(buf, StandardCharsets.UTF_8));
                    out.flush();
                }
                pos = size;
            }
            Thread.sleep(200);
        }
        return ExitCode.OK.code();
    }
}

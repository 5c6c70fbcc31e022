package dev.dispatch.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The workload install.sh records into the JDK 25 AOT cache ({@code DISPATCH_AOT_TRAINING=1}): the
 * classes loaded here start pre-parsed and pre-linked on every later run. It runs the common one-shot
 * commands with output discarded, against the throwaway DISPATCH_HOME that install.sh provides.
 */
final class AotTraining {
    static final List<List<String>> WORKLOAD = List.of(
            List.of("--version"),
            List.of("--help"),
            List.of("completion", "bash"),
            List.of("no-such-command"));

    private AotTraining() {}

    static int run() {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (List<String> args : WORKLOAD) Cli.run(args.toArray(String[]::new), sink, sink);
        return 0;
    }
}

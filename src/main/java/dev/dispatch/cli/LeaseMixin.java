package dev.dispatch.cli;

import picocli.CommandLine.Option;

/** {@code --lease}: the lease a claim handed out, which progress, complete and fail must show (fencing). */
final class LeaseMixin {
    @Option(
            names = "--lease",
            paramLabel = "LEASE",
            required = true,
            description = "The lease id that task next or task claim printed (\"lease\" in its --json).")
    String lease;
}

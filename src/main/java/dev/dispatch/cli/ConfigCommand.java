package dev.dispatch.cli;

import picocli.CommandLine.Command;

/** {@code dispatch config}: inspect and check the layered configuration. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Show and check the configuration.",
            "",
            "Layers, later wins: defaults < ~/.config/dispatch/config.yaml < dispatch.yaml (nearest from the",
            "current directory up to the git root) < DISPATCH_* env vars < flags. A setting a.b_c is read",
            "from the env var DISPATCH_A_B_C."
        })
public final class ConfigCommand extends GroupCommand {}

package dev.dispatch.cli;

import picocli.CommandLine.Command;

/** {@code dispatch lsp}: the language servers the engine runs for a project, and their diagnostics. */
@Command(
        name = "lsp",
        mixinStandardHelpOptions = true,
        description = {
            "Show the project's language servers and their diagnostics.",
            "",
            "The engine that owns the store (the daemon, or the session hosting it) runs one server per",
            "language per project (TypeScript, Python, clangd, gopls, rust-analyzer, jdtls; lsp.servers in",
            "the user config adds or overrides), shared by every agent of the project. See docs/lsp.md."
        })
public final class LspCommand extends GroupCommand {}

package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.tui.Workbench;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The root {@code dispatch} command: the global options, and the workbench when run alone (its
 * subcommands are listed in {@link CommandTree}). Its model is built with picocli's programmatic API
 * ({@link #model}) rather than annotations, so {@code dispatch --version} and the root's help read no
 * annotation at all: the first annotation read makes the JDK generate a proxy class per annotation type
 * at run time (with the ClassFile API, interpreted), which the AOT cache cannot hold. Subcommands keep
 * their annotations.
 */
public final class DispatchCommand implements Runnable {
    final GlobalOptions globals = new GlobalOptions();

    final ServeOptions serve = new ServeOptions();

    final ResumeOptions resume = new ResumeOptions();

    CommandSpec spec;

    /**
     * This command's picocli model, the same one {@code @Command(name = "dispatch", mixinStandardHelpOptions
     * = true, versionProvider = BuildInfo.class, sortOptions = false, usageHelpAutoWidth = true, …)} with a
     * {@code @Mixin GlobalOptions} would give.
     */
    CommandSpec model() {
        CommandSpec s = CommandSpec.wrapWithoutInspection(this);
        s.name("dispatch");
        s.versionProvider(new BuildInfo.Provider());
        s.usageMessage()
                .sortOptions(false)
                .autoWidth(true)
                .description("A terminal-first workbench for running and coordinating AI agents.", "")
                .footerHeading("%nExit status:%n")
                .footer(
                        "  0 ok, 1 error, 2 usage, 3 not found, 4 conflict, 5 nothing to do.",
                        "",
                        "Run 'dispatch' alone for the full-screen workbench (? in it shows the keys),",
                        "'dispatch COMMAND --help' for a command's options; 'man dispatch' for everything.");
        s.addMixin("globals", globals.mixin());
        s.addMixin("serve", serve.mixin());
        s.addMixin("resume", resume.mixin());
        s.addMixin(STANDARD_HELP, standardHelp());
        spec = s;
        return s;
    }

    /** Picocli's key for the mixin {@code mixinStandardHelpOptions = true} adds (its annotated AutoHelpMixin). */
    private static final String STANDARD_HELP = "mixinStandardHelpOptions";

    /** {@code -h/--help} and {@code -V/--version}, worded as picocli's own standard help mixin. */
    private static CommandSpec standardHelp() {
        CommandSpec help = CommandSpec.create();
        help.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .type(boolean.class)
                .descriptionKey("mixinStandardHelpOptions.help")
                .description("Show this help message and exit.")
                .build());
        help.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .type(boolean.class)
                .descriptionKey("mixinStandardHelpOptions.version")
                .description("Print version information and exit.")
                .build());
        return help;
    }

    /** With no subcommand: the full-screen workbench on a terminal, the usage text otherwise. */
    @Override
    public void run() {
        dev.dispatch.tui.StartupTrace.mark("workbench command");
        if (!Terminals.interactive()) {
            spec.commandLine().usage(spec.commandLine().getOut());
            spec.commandLine()
                    .getErr()
                    .println("dispatch: not a terminal, so no workbench: run 'dispatch chat' or a command above.");
            return;
        }
        Dirs dirs = globals.dirs();
        String cwd = Environment.current().cwd().toString();
        resume.check();
        if (resume.picks()) { // the picker asks on the terminal before the screen takes it
            try (Engine engine = serve.open(spec, "workbench")) {
                String session = resume.sessionId(engine, cwd, spec);
                Workbench.open(engine, options(dirs, cwd, session));
            }
            return;
        }
        // The first frame and the keys before the engine (issue 19): the store, the provider client and the
        // session's socket are wired on a thread of their own while the screen shows "connecting…";
        // what the user sends meanwhile waits for them.
        LateEngine engine = LateEngine.open(() -> serve.open(spec, "workbench"), e -> resume.sessionId(e, cwd, spec));
        try (engine) {
            Workbench.open(engine, options(dirs, cwd, null), engine.ready());
        }
        engine.requireOpened();
    }

    private Workbench.Options options(Dirs dirs, String cwd, String session) {
        dev.dispatch.app.ProjectFiles files = new dev.dispatch.app.ProjectFiles(Path.of(cwd));
        return new Workbench.Options(cwd, dirs.userConfigFile().toString(), FirstRun.advice(spec, null), session)
                .with(promptHistory(dirs, cwd), new dev.dispatch.tui.MentionFiles() {
                    @Override
                    public java.util.List<String> list(int max) {
                        return files.list(max);
                    }

                    @Override
                    public String read(String relative) {
                        return files.read(relative);
                    }
                });
    }

    /**
     * Where the workbench keeps the prompts sent from {@code cwd}: one file per project under the data
     * directory, named by the directory and a hash of its whole path (two {@code app} folders differ).
     */
    static Path promptHistory(Dirs dirs, String cwd) {
        Path dir = Path.of(cwd).toAbsolutePath().normalize();
        String name = dir.getFileName() == null
                ? "root"
                : dir.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(dir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return dirs.data()
                    .resolve("prompt-history")
                    .resolve(name + "-" + java.util.HexFormat.of().formatHex(h, 0, 6) + ".txt");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public GlobalOptions globals() {
        return globals;
    }
}

package dev.dispatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Builds the picocli command tree and turns every failure into a one-line message plus a named exit
 * code ({@link ExitCode}); stack traces only with {@code --debug}.
 */
public final class Cli {
    private Cli() {}

    public static int run(String[] args) {
        dev.dispatch.tui.StartupTrace.mark("cli");
        String training = System.getenv("DISPATCH_AOT_TRAINING");
        PrintWriter err = new PrintWriter(System.err, true);
        if (training != null) return AotTraining.run(training, err);
        return run(args, new PrintWriter(System.out, true), err);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLineFor(args);
        dev.dispatch.tui.StartupTrace.mark("command tree");
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The full command tree; also the model that completions and man pages are generated from. */
    public static CommandLine commandLine() {
        CommandLine cl = root();
        CommandTree.addAll(cl);
        return cl;
    }

    /**
     * The tree {@code args} need (see {@link CommandTree}): the root alone for {@code --version}, the
     * named command (and within a group the named subcommand) for a one-shot, else the full tree.
     */
    static CommandLine commandLineFor(String[] args) {
        CommandLine cl = root();
        if (versionOnly(args) || CommandTree.addNamed(cl, args)) return cl;
        // the workbench needs the root alone (no annotation read, no subcommand class loaded); off a
        // terminal the root prints its usage, which lists the whole tree
        if (CommandTree.rootOnly(args) && Terminals.interactive()) return cl;
        CommandTree.addAll(cl);
        return cl;
    }

    /** Whether {@code args} only ask for the version (a plain loop: a lambda here costs its bootstrap on every start). */
    private static boolean versionOnly(String[] args) {
        for (String a : args) if (!a.equals("--version") && !a.equals("-V")) return false;
        return args.length > 0;
    }

    private static CommandLine root() {
        CommandLine cl = new CommandLine(new DispatchCommand().model());
        cl.setExecutionExceptionHandler(Cli::onError);
        cl.setParameterExceptionHandler(Cli::onUsageError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpLongOptionsMaxWidth(28);
        return cl;
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("dispatch: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE.code();
    }

    private static int onError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        return Failures.report(e, cl.getErr(), debug(cl));
    }

    private static boolean debug(CommandLine cl) {
        CommandSpec root = cl.getCommandSpec().root();
        return root.userObject() instanceof DispatchCommand d && d.globals != null && d.globals.debug();
    }

    /** The root command's global options, from any command's spec. */
    public static GlobalOptions globals(CommandSpec spec) {
        return ((DispatchCommand) spec.root().userObject()).globals();
    }
}

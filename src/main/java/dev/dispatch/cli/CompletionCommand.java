package dev.dispatch.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch completion bash|zsh}: prints a completion script generated from the command model. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script.",
            "",
            "  bash:  source <(dispatch completion bash)",
            "  zsh:   source <(dispatch completion zsh)",
            "",
            "install.sh installs both into PREFIX/share so new shells pick them up."
        })
public final class CompletionCommand implements Callable<Integer> {
    enum Shell {
        bash,
        zsh
    }

    @Parameters(paramLabel = "SHELL", description = "Shell to generate for: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(script(shell));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The script for {@code shell}, from a fresh command model (so the text never depends on state). */
    public static String script(Shell shell) {
        String bash = AutoComplete.bash("dispatch", Cli.commandLine());
        if (shell == Shell.bash) return bash;
        // zsh runs the bash script through its bashcompinit layer; picocli's script supports it.
        return "#compdef dispatch\n"
                + "autoload -U +X compinit && compinit\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash;
    }

    public static String script(String shell) {
        return script(Shell.valueOf(shell));
    }
}

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
            "install.sh installs both into PREFIX/share so new shells pick them up. Model ids, tags, agent",
            "names and agent templates complete from your config and store at the moment you press Tab."
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
        String bash = live(AutoComplete.bash("dispatch", Cli.commandLine()));
        if (shell == Shell.bash) return bash;
        // zsh runs the bash script through its bashcompinit layer; picocli's script supports it.
        return "#compdef dispatch\n"
                + "autoload -U +X compinit && compinit\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash;
    }

    /** Where picocli's script turns an option's values into words: the live ones are looked up here. */
    private static final String REPLY_ARRAY = "function compReplyArray() {\n  declare -a options\n  options=(\"$@\")\n";

    /**
     * Teaches the script's word lister to expand a live placeholder ({@link Candidates}) by calling
     * {@code dispatch __complete KIND}, only when the user presses Tab on that option (never for others),
     * with its errors dropped, so completion never prints into the prompt.
     */
    private static String live(String bash) {
        if (!bash.contains(REPLY_ARRAY))
            throw new IllegalStateException("picocli's completion script changed: compReplyArray not found");
        return bash.replace(
                REPLY_ARRAY,
                REPLY_ARRAY
                        + "  # live words (models, tags, agents, templates): asked of dispatch only when completing them\n"
                        + "  if [[ ${#options[@]} -eq 1 && ${options[0]} == " + Candidates.placeholder("")
                        + "* ]]; then\n"
                        + "    local IFS=$'\\n'\n"
                        + "    options=($(dispatch __complete \"${options[0]#" + Candidates.placeholder("")
                        + "}\" 2>/dev/null))\n"
                        + "  fi\n");
    }

    public static String script(String shell) {
        return script(Shell.valueOf(shell));
    }
}

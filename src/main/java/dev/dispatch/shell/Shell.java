package dev.dispatch.shell;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts commands with {@code bash -c} (inside the sandbox, when the command carries its prefix) in
 * their own process group, stdin closed, the given environment only (plus the call's tag, see
 * {@link ProcessTree}), and both output streams read as they arrive. The returned {@link ShellRun} is
 * how the caller waits (bounded by the command's timeout) or kills the whole tree.
 */
public final class Shell {
    private Shell() {}

    public static ShellRun start(ShellCommand command, OutputListener listener) throws IOException {
        List<String> argv = new ArrayList<>(ProcessTree.newGroupPrefix());
        argv.addAll(command.prefix());
        argv.addAll(List.of("bash", "-c", command.command()));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(command.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(command.environment());
        String tag = java.util.UUID.randomUUID().toString();
        builder.environment().put(ProcessTree.TAG, tag);
        return new ShellRun(builder.start(), command, listener, tag);
    }
}

package dev.dispatch.permission;

import java.nio.file.Path;
import java.util.List;

/**
 * The one door every tool knocks on ({@code ctx.ask(...)}). {@link PolicyGate} puts rules, grants,
 * modes and {@code PermissionRequested} prompts behind it, so {@link #ask} may block until a person
 * answers. An interrupted wait answers {@link PermissionDecision.Verdict#DENY}, never allow.
 */
@FunctionalInterface
public interface PermissionGate {
    PermissionDecision ask(PermissionRequest request);

    /**
     * Whether a rule refuses {@code operation} on {@code path} outright (a {@code permissions.deny}
     * glob, Dispatch's own directories), decided quietly: no prompt and no log
     * entry. Walking tools ({@code grep}, {@code list_files}) ask this for every entry below a
     * directory they were allowed to walk, and withhold what it refuses. By default it is the gate's
     * own answer (anything not allowed is refused).
     */
    default boolean refuses(Operation operation, Path path) {
        return !ask(new PermissionRequest(operation, List.of(path), null, "")).allowed();
    }

    /**
     * What this agent may do without asking, in words for a person ({@code write /repo},
     * {@code read /etc}, {@code run exactly 'make' in /repo}): the detail pane shows it. By default
     * nothing is known.
     */
    default java.util.List<String> grants() {
        return java.util.List.of();
    }

    /**
     * What the shell sandbox must enforce for this agent now. A gate that knows no grants (tests, the
     * plain {@link Permissions}) lets the project root the tool works in be written, nothing else; a
     * {@link PolicyGate} says exactly what its agent may write (a child: only its own grants).
     */
    default Confinement confinement(Path projectRoot) {
        return new Confinement(List.of(projectRoot), List.of(), Confinement.Network.ON);
    }

    /** This gate, labelling every request with the tool that asks (for prompts and the log). */
    default PermissionGate forTool(String tool) {
        PermissionGate self = this;
        return new PermissionGate() {
            @Override
            public PermissionDecision ask(PermissionRequest request) {
                return self.ask(request.fromTool(tool));
            }

            @Override
            public boolean refuses(Operation operation, Path path) {
                return self.refuses(operation, path);
            }

            @Override
            public Confinement confinement(Path projectRoot) {
                return self.confinement(projectRoot);
            }

            @Override
            public java.util.List<String> grants() {
                return self.grants();
            }
        };
    }
}

package dev.dispatch.permission;

import java.util.List;

/**
 * The one door every tool knocks on ({@code ctx.ask(...)}). {@link PolicyGate} puts rules, grants,
 * modes and {@code PermissionRequested} prompts behind it, so {@link #ask} may block until a person
 * answers. An interrupted wait answers {@link PermissionDecision.Verdict#DENY}, never allow.
 */
@FunctionalInterface
public interface PermissionGate {
    PermissionDecision ask(PermissionRequest request);

    /** What the shell sandbox must enforce for this agent now; by default only the requests' own root. */
    default Confinement confinement() {
        return new Confinement(List.of(), List.of(), Confinement.Network.ON);
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
            public Confinement confinement() {
                return self.confinement();
            }
        };
    }
}

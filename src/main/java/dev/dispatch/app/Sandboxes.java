package dev.dispatch.app;

import dev.dispatch.shell.Sandbox;
import java.util.Map;

/** Whether shell commands run confined here, for {@code dispatch doctor} and the TUI header. */
public final class Sandboxes {
    private Sandboxes() {}

    /** "sandboxed (bubblewrap /usr/bin/bwrap)" or "unsandboxed (why)". */
    public static String describe(Map<String, String> env) {
        return Sandbox.detect(env.get("PATH")).status().toString();
    }
}

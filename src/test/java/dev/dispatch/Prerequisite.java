package dev.dispatch;

import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need something outside the JVM (bubblewrap, the native socket library, a
 * language server, an npm package): where it is missing, the test fails when its {@code DISPATCH_REQUIRE_*}
 * variable is set (CI sets them all after installing everything, so there nothing can skip), and
 * elsewhere it is skipped with the reason printed.
 */
public final class Prerequisite {
    private Prerequisite() {}

    /** {@code why} something a test needs is missing: fails under {@code requireFlag}, else skips, saying why. */
    public static void missing(String requireFlag, String why) {
        String required = System.getenv(requireFlag);
        if (required != null && !required.isEmpty() && !required.equals("0"))
            throw new AssertionError(
                    why + "; " + requireFlag + "=" + required + " says it must be here (.ci/run installs it)");
        System.out.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }
}

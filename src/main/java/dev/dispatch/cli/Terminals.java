package dev.dispatch.cli;

import java.io.Console;

/** Whether this process talks to a real terminal (the workbench needs one; pipes get the usage text). */
final class Terminals {
    private Terminals() {}

    static boolean interactive() {
        Console c = System.console();
        if (c == null) return false;
        // JDK 22+ returns a Console for redirected streams too; its isTerminal() tells them apart.
        // Looked up by name because the code compiles for release 21, where the method is absent.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}

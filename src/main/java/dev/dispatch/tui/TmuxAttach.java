package dev.dispatch.tui;

import com.googlecode.lanterna.screen.Screen;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.FleetOps;
import java.io.IOException;

/**
 * The workbench's attach key: hands the terminal to {@code tmux attach} on an external agent's own
 * session ({@code FleetOps.AttachExternalAgent} names the command) and takes it back when the user detaches.
 * The screen is stopped first and started again after, so the shell-like tmux client sees a normal
 * terminal; the caller keeps its key reader off the terminal meanwhile and redraws whole.
 */
final class TmuxAttach {
    private TmuxAttach() {}

    /** Attaches to {@code ext.attach} (then cleared); a refusal or a failing tmux becomes a hint. */
    static void run(Engine engine, Screen screen, ExternalAgents ext, UiState ui) {
        String name = ext.attach;
        ext.attach = null;
        FleetOps.ExternalAgent a = ext.find(name);
        if (a == null) return;
        FleetOps.AttachTarget t;
        try {
            t = engine.submit(new FleetOps.AttachExternalAgent(a.space(), a.name()));
        } catch (RuntimeException e) {
            ui.hint = "cannot attach to " + name + ": " + e.getMessage();
            return;
        }
        try {
            System.out.print(TerminalKeys.OFF);
            System.out.flush();
            screen.stopScreen();
            ProcessBuilder pb = new ProcessBuilder(t.command()).inheritIO();
            pb.environment().remove("TMUX"); // inside tmux itself, its client would refuse to nest
            int code = pb.start().waitFor();
            if (code != 0) ui.hint = "tmux attach to " + name + " ended with status " + code;
        } catch (IOException e) {
            ui.hint = "cannot run tmux: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                screen.startScreen();
            } catch (IOException e) {
                ui.quit = true; // the terminal is gone
            }
            System.out.print(TerminalKeys.ON);
            System.out.flush();
        }
    }
}

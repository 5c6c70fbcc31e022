package dev.dispatch.tui;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.SessionOps.ReplyPermission;
import java.io.PrintWriter;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * The inline permission prompt of {@code dispatch chat}: names the agent, tool, operation, paths or
 * command and reason, then asks {@code [o]nce [s]ession [a]lways [d]eny} until it gets one of them.
 * Interrupt or end of input denies: an unanswerable prompt must never allow.
 */
final class PermissionPrompt {
    private final Engine engine;
    private final LineReader reader;
    private final PrintWriter out;

    PermissionPrompt(Engine engine, LineReader reader, PrintWriter out) {
        this.engine = engine;
        this.reader = reader;
        this.out = out;
    }

    void ask(PermissionRequested p, String agentName) {
        out.println("Permission needed: agent " + agentName + " wants to use " + p.tool() + " (" + p.operation() + ")");
        if (p.command() != null && !p.command().isBlank()) out.println("  command: " + TextWrap.sanitize(p.command()));
        if (p.paths() != null) for (String path : p.paths()) out.println("  path: " + TextWrap.sanitize(path));
        if (p.reason() != null) out.println("  reason: " + TextWrap.sanitize(p.reason()));
        out.flush();
        PermissionAnswer d = null;
        while (d == null) {
            String answer;
            try {
                answer = reader.readLine("[o]nce [s]ession [a]lways [d]eny > ")
                        .strip()
                        .toLowerCase(java.util.Locale.ROOT);
            } catch (UserInterruptException | EndOfFileException e) {
                answer = "d";
            }
            d = switch (answer) {
                case "o", "once" -> PermissionAnswer.ONCE;
                case "s", "session" -> PermissionAnswer.SESSION;
                case "a", "always" -> PermissionAnswer.ALWAYS;
                case "d", "deny" -> PermissionAnswer.DENY;
                default -> {
                    out.println("Please answer o, s, a or d.");
                    yield null;
                }
            };
        }
        try {
            engine.submit(new ReplyPermission(p.requestId(), d, null));
            out.println("permission: " + d.name().toLowerCase(java.util.Locale.ROOT));
        } catch (EngineException e) {
            out.println("dispatch: could not send the answer: " + e.getMessage());
        }
        out.flush();
    }
}

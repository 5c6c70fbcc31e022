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
 * command and reason (and, for a write or edit, the diff it would make), then asks {@code [o]nce [s]ession [a]lways [d]eny} until it gets one of them.
 * Interrupt or end of input denies: an unanswerable prompt must never allow.
 */
final class PermissionPrompt {
    private final Engine engine;
    private final LineReader reader;
    private final PrintWriter out;
    private final ChatPrinter printer;

    PermissionPrompt(Engine engine, LineReader reader, PrintWriter out) {
        this(engine, reader, out, null);
    }

    /** With the chat's printer: a write or edit prompt shows the diff it approves (the printer knows the call's arguments). */
    PermissionPrompt(Engine engine, LineReader reader, PrintWriter out, ChatPrinter printer) {
        this.engine = engine;
        this.reader = reader;
        this.out = out;
        this.printer = printer;
    }

    void ask(PermissionRequested p, String agentName) {
        out.println("Permission needed: agent " + agentName + " wants to use " + p.tool() + " (" + p.operation() + ")");
        if (p.command() != null && !p.command().isBlank()) out.println("  command: " + TextWrap.sanitize(p.command()));
        if (p.paths() != null) for (String path : p.paths()) out.println("  path: " + TextWrap.sanitize(path));
        if (p.reason() != null) out.println("  reason: " + TextWrap.sanitize(p.reason()));
        out.flush();
        if (printer != null && FileChange.isFileEdit(p.tool())) {
            var call = printer.pendingCall(p.agentId(), p.tool());
            String current = p.paths() == null || p.paths().isEmpty()
                    ? null
                    : FileChange.read(java.nio.file.Path.of(p.paths().get(0)));
            if (call != null) {
                printer.sawBefore(call.callId(), current);
                printer.diff(FileChange.proposed(p.tool(), call.argumentsJson(), current));
            }
        }
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

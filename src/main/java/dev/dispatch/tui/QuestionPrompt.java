package dev.dispatch.tui;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import dev.dispatch.protocol.SessionOps.AnswerQuestion;
import java.io.PrintWriter;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * A detached agent's question ({@code ask_user}) in {@code dispatch chat}: names the agent by its
 * ancestry, shows the question and its options numbered, and sends the line typed as the answer (a
 * number picks that option). An empty line, interrupt or end of input puts it off: the question stays
 * open, answerable later here, in the TUI or with {@code dispatch agent answer}.
 */
final class QuestionPrompt {
    private final Engine engine;
    private final LineReader reader;
    private final PrintWriter out;

    QuestionPrompt(Engine engine, LineReader reader, PrintWriter out) {
        this.engine = engine;
        this.reader = reader;
        this.out = out;
    }

    /** Asks; answers whether it was answered (false: put off, or answered elsewhere first). */
    boolean ask(QuestionAsked q) {
        out.println("Question from " + TextWrap.sanitize(q.ancestry()) + " (" + q.questionId() + "): "
                + TextWrap.sanitize(q.question()));
        List<String> options = q.options() == null ? List.of() : q.options();
        for (int i = 0; i < options.size(); i++) out.println("  " + (i + 1) + ". " + TextWrap.sanitize(options.get(i)));
        out.flush();
        String line;
        try {
            line = reader.readLine("answer (empty: later) > ").strip();
        } catch (UserInterruptException | EndOfFileException e) {
            line = "";
        }
        if (line.isEmpty()) {
            out.println("put off: answer later with dispatch agent answer " + q.questionId() + " TEXT");
            out.flush();
            return false;
        }
        String answer = line;
        if (line.matches("\\d{1,3}")) {
            int n = Integer.parseInt(line);
            if (n >= 1 && n <= options.size()) answer = options.get(n - 1);
        }
        try {
            engine.submit(new AnswerQuestion(q.questionId(), answer));
            out.println("answered: " + TextWrap.sanitize(answer));
            out.flush();
            return true;
        } catch (EngineException e) {
            out.println("dispatch: could not send the answer: " + e.getMessage());
            out.flush();
            return false;
        }
    }
}

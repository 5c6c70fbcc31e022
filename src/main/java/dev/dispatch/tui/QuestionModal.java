package dev.dispatch.tui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import java.util.ArrayList;
import java.util.List;

/**
 * A detached agent's question ({@code ask_user}) at the head of the queue: names the agent by its
 * ancestry, shows the question and its options numbered, and the answer as it is typed. Enter sends
 * (a bare option number sends that option); Esc puts it off, and the agent's thread answers it later.
 */
final class QuestionModal {
    static final String KEYS = "Enter sends · an option's number picks it · Esc answers later";

    private QuestionModal() {}

    /** The question as its thread shows it. */
    static String asText(QuestionAsked q) {
        StringBuilder b = new StringBuilder("? " + TextWrap.sanitize(q.question()));
        for (int i = 0; i < q.options().size(); i++)
            b.append("\n  ")
                    .append(i + 1)
                    .append(") ")
                    .append(TextWrap.sanitize(q.options().get(i)));
        b.append("\n  (answer below: Enter sends")
                .append(q.options().isEmpty() ? ")" : "; a number picks that option)");
        return b.toString();
    }

    /** What a typed answer sends: option N for a bare number 1..N when there are options, else the text. */
    static String answerFor(QuestionAsked q, String typed) {
        String t = typed.strip();
        if (t.matches("[1-9][0-9]?")) {
            int n = Integer.parseInt(t);
            if (n >= 1 && n <= q.options().size()) return q.options().get(n - 1);
        }
        return t;
    }

    static void draw(TextGraphics g, int width, int height, ViewModel vm, QuestionAsked q, String typed) {
        int inner = Math.min(72, width - 2) - 4;
        List<String> lines = new ArrayList<>();
        lines.add("Agent:  " + vm.ancestryLabel(q.agentId(), q.ancestry()));
        for (String s : TextWrap.wrap(TextWrap.sanitize(q.question()), inner)) lines.add(s);
        for (int i = 0; i < q.options().size(); i++)
            lines.add(TextWrap.fit(
                    "  " + (i + 1) + ") " + TextWrap.sanitize(q.options().get(i)), inner));
        String answer = "Answer: " + typed;
        answer = answer.length() > inner ? "Answer: …" + answer.substring(answer.length() - inner + 9) : answer;
        Rect r = PermissionModal.area(width, height, lines.size() + 2);
        Painter m = new Painter(g, r);
        m.fill(Style.MODAL);
        int n = vm.queue.size();
        m.row(0, " Question" + (n > 1 ? " · 1 of " + n + " waiting" : "") + " ", Style.MODAL_TITLE);
        for (int y = 1; y < r.height() - 1; y++) {
            m.put(0, y, "│", Style.MODAL);
            m.put(r.width() - 1, y, "│", Style.MODAL);
        }
        m.hline(r.height() - 1, '─', Style.MODAL);
        // the answer and the keys keep their rows: a long question or many options are cut, never them
        int y = 1;
        for (String s : lines) {
            if (y >= r.height() - 5) break;
            m.put(2, y++, s, Style.MODAL);
        }
        m.put(2, answerRow(r) - r.row(), answer, Style.MODAL);
        m.put(2, r.height() - 2, TextWrap.fit(KEYS, inner), Style.KEY);
    }

    private static int answerRow(Rect r) {
        return r.row() + r.height() - 4;
    }

    /** Where the text cursor goes while the modal is up: after the typed answer. */
    static com.googlecode.lanterna.TerminalPosition cursor(
            int width, int height, ViewModel vm, QuestionAsked q, String typed) {
        int inner = Math.min(72, width - 2) - 4;
        int lines = 1
                + TextWrap.wrap(TextWrap.sanitize(q.question()), inner).size()
                + q.options().size()
                + 2;
        // as draw(): the body's lines and two more (a blank line and the answer)
        Rect r = PermissionModal.area(width, height, lines);
        int col = r.col() + 2 + Math.min(inner, 8 + typed.length());
        return new com.googlecode.lanterna.TerminalPosition(col, answerRow(r));
    }
}

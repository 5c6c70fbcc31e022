package dev.dispatch.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * Composes one frame: lays out the panels for the size and lets each component draw its rectangle
 * (the detail pane, when shown, above the chat); overlays last, the head of the approval queue (a
 * permission prompt or a question) above everything. Answers where the text cursor goes (null
 * hides it).
 */
final class Frame {
    private Frame() {}

    static TerminalPosition draw(TextGraphics g, int w, int h, Workbench wb, String userConfig) {
        ViewModel vm = wb.vm;
        UiState ui = wb.ui;
        Layout l = Layout.of(w, h, wb.input.lineCount(), ui.side);
        if (l.tooSmall()) {
            Painter p = new Painter(g, l.chat());
            p.put(0, 0, "Terminal too small: " + w + "×" + h + ".", Style.BOLD);
            p.put(0, 1, "Dispatch needs at least " + Layout.MIN_WIDTH + "×" + Layout.MIN_HEIGHT + ".", Style.NORMAL);
            modal(g, w, h, wb);
            return null;
        }
        HeaderBar.draw(new Painter(g, l.header()), vm);
        if (!l.tree().isEmpty()) AgentTreePanel.draw(new Painter(g, l.tree()), vm, ui.focus);
        if (!l.tasks().isEmpty()) TasksPanel.draw(new Painter(g, l.tasks()), vm);
        if (!l.log().isEmpty()) PermissionLogPanel.draw(new Painter(g, l.log()), vm);
        separators(g, l);
        Rect chat = l.chat();
        int details = ui.details ? AgentDetailPane.rows(vm, chat.height()) : 0;
        if (details > 0) {
            AgentDetailPane.draw(new Painter(g, new Rect(chat.col(), chat.row(), chat.width(), details)), vm);
            chat = new Rect(chat.col(), chat.row() + details, chat.width(), chat.height() - details);
        }
        int diagnostics = DiagnosticsPanel.rows(vm.lsp, chat.height());
        if (diagnostics > 0) {
            chat = new Rect(chat.col(), chat.row(), chat.width(), chat.height() - diagnostics);
            DiagnosticsPanel.draw(
                    new Painter(g, new Rect(chat.col(), chat.row() + chat.height(), chat.width(), diagnostics)), vm);
        }
        ChatPanel.draw(new Painter(g, chat), vm, wb.chat, ui.focus, userConfig);
        if (ui.picker != null) {
            Picker pk = ui.picker;
            CompletionPopup.draw(
                    g,
                    chat,
                    new CompletionPopup.Offer(CompletionPopup.Kind.PICKER, pk.title, pk.rows, pk.values),
                    pk.index);
        } else if (!ui.help) {
            CompletionPopup.draw(g, chat, ui.offer, ui.popupIndex);
        }
        int[] cursor = InputBox.draw(
                new Painter(g, l.inputRule()), new Painter(g, l.input()), vm, wb.input, ui.focus, ui.hint);
        StatusBar.draw(new Painter(g, l.status()), vm, ui.focus);
        boolean modal = vm.queue.head() != null;
        if (ui.help && !modal) HelpOverlay.draw(g, w, h);
        if (modal) return modal(g, w, h, wb);
        return ui.focus == Focus.INPUT && !ui.help ? new TerminalPosition(cursor[0], cursor[1]) : null;
    }

    /** The head of the approval queue over everything: a permission prompt, or a question with its answer. */
    private static TerminalPosition modal(TextGraphics g, int w, int h, Workbench wb) {
        Object head = wb.vm.queue.head();
        if (head instanceof dev.dispatch.protocol.RuntimeEvents.PermissionRequested p) {
            PermissionModal.draw(g, w, h, wb.vm, p);
        } else if (head instanceof dev.dispatch.protocol.RuntimeEvents.QuestionAsked q) {
            String typed = wb.ui.answer.toString();
            QuestionModal.draw(g, w, h, wb.vm, q, typed);
            return QuestionModal.cursor(w, h, wb.vm, q, typed);
        }
        return null;
    }

    private static void separators(TextGraphics g, Layout l) {
        Rect chat = l.chat();
        if (!l.left().isEmpty()) {
            new Painter(g, new Rect(l.left().right(), chat.row(), 1, chat.height())).vline(0, '│', Style.MUTED);
        }
        if (l.tasks().col() > chat.right()) {
            new Painter(g, new Rect(chat.right(), chat.row(), 1, chat.height())).vline(0, '│', Style.MUTED);
        }
    }
}

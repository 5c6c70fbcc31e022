package dev.dispatch.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;

/**
 * Routes one key press, in priority order: the head of the approval queue (a permission prompt, or a
 * question whose answer is typed into it) takes every key but quit;
 * then keys that work everywhere; then the help overlay, the search bar, and the focused panel.
 */
final class KeyHandler {
    private final ViewModel vm;
    private final ChatView chat;
    private final InputState input;
    private final UiState ui;
    private final Commands commands;

    KeyHandler(ViewModel vm, ChatView chat, InputState input, UiState ui, Commands commands) {
        this.vm = vm;
        this.chat = chat;
        this.input = input;
        this.ui = ui;
        this.commands = commands;
    }

    void handle(KeyStroke k) {
        KeyMap.Action action = KeyMap.global(k);
        Object head = vm.queue.head();
        if (head != null) {
            if (action == KeyMap.Action.QUIT) ui.quit = true;
            else if (head instanceof QuestionAsked q) question(k, q);
            else permission(k);
            return;
        }
        if (global(action)) return;
        if (ui.help) {
            if (k.getKeyType() == KeyType.Escape || KeyMap.isChar(k, '?')) ui.help = false;
            return;
        }
        if (chat.search.active && search(k)) return;
        switch (ui.focus) {
            case INPUT -> input(k);
            case CHAT -> chatKey(k);
            case TREE -> tree(k);
        }
    }

    private void permission(KeyStroke k) {
        if (k.getKeyType() != KeyType.Character || k.isCtrlDown()) return;
        PermissionAnswer d =
                switch (Character.toLowerCase(k.getCharacter())) {
                    case 'o' -> PermissionAnswer.ONCE;
                    case 's' -> PermissionAnswer.SESSION;
                    case 'a' -> PermissionAnswer.ALWAYS;
                    case 'd' -> PermissionAnswer.DENY;
                    default -> null;
                };
        if (d != null) commands.reply(d);
    }

    /** Typing into the question modal: Enter sends, Esc puts the question off (its thread answers it). */
    private void question(KeyStroke k, QuestionAsked q) {
        StringBuilder a = ui.answer;
        switch (k.getKeyType()) {
            case Enter -> {
                if (a.toString().isBlank()) return;
                commands.answer(q, a.toString());
                a.setLength(0);
            }
            case Escape -> {
                vm.queue.putOff(q.questionId());
                a.setLength(0);
                ui.hint = "question put off: ctrl+g shows it again, or answer from " + vm.agentLabel(q.agentId())
                        + "'s thread";
            }
            case Backspace -> {
                if (!a.isEmpty()) a.setLength(a.length() - 1);
            }
            case Character -> {
                if (!k.isCtrlDown() && !k.isAltDown()) a.append(k.getCharacter());
            }
            default -> {}
        }
    }

    private boolean global(KeyMap.Action action) {
        switch (action) {
            case QUIT -> ui.quit = true;
            case INTERRUPT -> {
                if (input.isEmpty()) ui.quit = true;
                else input.set("");
            }
            case HELP -> ui.help = !ui.help;
            case FOCUS_PREVIOUS -> ui.focus = ui.focus.next().next();
            case FIND -> openSearch();
            case EXPAND_ALL -> chat.expandAll = !chat.expandAll;
            case SIDE -> ui.side = ui.side.next();
            case CANCEL_AGENT -> commands.cancel();
            case NEXT_THREAD -> {
                String next = vm.agentTree.nextThread(vm.selectedId);
                if (next == null) ui.hint = "no threads yet";
                else if (!next.equals(vm.selectedId)) {
                    vm.selectedId = next;
                    chat.reset();
                }
            }
            case ATTEND -> {
                vm.queue.recallAll();
                if (vm.queue.isEmpty()) ui.hint = "nothing waits for you";
            }
            case DETAILS -> ui.details = !ui.details;
            case PAGE_UP -> chat.scrollUp(vm.transcript(), Math.max(1, chat.bodyHeight() - 2));
            case PAGE_DOWN -> chat.scrollDown(vm.transcript(), Math.max(1, chat.bodyHeight() - 2));
            case AGENT_UP -> select(-1);
            case AGENT_DOWN -> select(1);
            case NONE -> {
                return false;
            }
        }
        return true;
    }

    private void openSearch() {
        chat.search.active = true;
        chat.search.query.setLength(0);
        chat.runSearch(vm.transcript());
    }

    private void select(int delta) {
        String before = vm.selectedId;
        vm.moveSelection(delta);
        if (before == null || !before.equals(vm.selectedId)) chat.reset();
    }

    private boolean search(KeyStroke k) {
        ChatView.Search s = chat.search;
        switch (k.getKeyType()) {
            case Escape -> s.active = false;
            case Enter, ArrowUp -> chat.stepSearch(vm.transcript(), -1);
            case ArrowDown -> chat.stepSearch(vm.transcript(), 1);
            case Backspace -> {
                if (!s.query.isEmpty()) s.query.setLength(s.query.length() - 1);
                chat.runSearch(vm.transcript());
            }
            case Character -> {
                if (k.isCtrlDown() || k.isAltDown()) return false;
                s.query.append(k.getCharacter());
                chat.runSearch(vm.transcript());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void input(KeyStroke k) {
        ui.hint = "";
        switch (k.getKeyType()) {
            case Enter -> {
                if (k.isAltDown()) input.insert("\n");
                else commands.send(input.take());
            }
            case Character -> {
                if (k.isCtrlDown()) return;
                if (k.isAltDown() && k.getCharacter() == '\r') input.insert("\n");
                else if (k.getCharacter() == '?' && input.isEmpty()) ui.help = true;
                else input.insert(String.valueOf(k.getCharacter()));
            }
            case Backspace -> input.backspace();
            case Delete -> input.delete();
            case ArrowLeft -> input.left();
            case ArrowRight -> input.right();
            case Home -> input.home();
            case End -> input.end();
            case ArrowUp -> {
                if (input.onFirstLine()) input.historyPrevious();
                else input.verticalMove(-1);
            }
            case ArrowDown -> {
                if (input.onLastLine()) input.historyNext();
                else input.verticalMove(1);
            }
            case Tab -> tab();
            default -> {}
        }
    }

    private void tab() {
        String t = input.text.toString();
        if (t.startsWith("/") && !t.contains(" ")) {
            input.set(SlashCommands.complete(t));
            var m = SlashCommands.matching(input.text.toString().strip());
            ui.hint = m.size() > 1 ? String.join(" ", m) : "";
        } else {
            ui.focus = ui.focus.next();
        }
    }

    private void chatKey(KeyStroke k) {
        Transcript t = vm.transcript();
        switch (k.getKeyType()) {
            case ArrowUp -> chat.moveCursor(t, -1);
            case ArrowDown -> chat.moveCursor(t, 1);
            case Enter -> {
                if (chat.cursor >= 0
                        && chat.cursor < t.size()
                        && t.entries().get(chat.cursor) instanceof Entry.Tool tool) {
                    tool.expanded = !tool.expanded;
                    t.changed(tool);
                }
            }
            case End -> {
                chat.anchorEntry = null;
                chat.cursor = -1;
            }
            case Home -> {
                if (t.size() > 0) chat.showFromTop(t, 0);
            }
            case Tab -> ui.focus = ui.focus.next();
            case Escape -> ui.focus = Focus.INPUT;
            case Character -> {
                if (KeyMap.isChar(k, '/')) openSearch();
                else if (KeyMap.isChar(k, '?')) ui.help = true;
                else if (!k.isCtrlDown() && !k.isAltDown()) {
                    ui.focus = Focus.INPUT;
                    input.insert(String.valueOf(k.getCharacter()));
                }
            }
            default -> {}
        }
    }

    /** Folds ({@code true}), unfolds ({@code false}) or toggles (null) the selected row's subtree. */
    private void fold(Boolean fold) {
        String id = vm.agentTree.visibleAncestor(vm.selectedId);
        if (id == null || (fold != null && vm.agentTree.collapsed.contains(id) == fold)) return;
        if (vm.agentTree.toggle(id) && !id.equals(vm.selectedId)) {
            vm.selectedId = id;
            chat.reset();
        }
    }

    private void tree(KeyStroke k) {
        switch (k.getKeyType()) {
            case ArrowUp -> select(-1);
            case ArrowDown -> select(1);
            case ArrowLeft -> fold(true);
            case ArrowRight -> fold(false);
            case Enter -> {
                vm.selectedId = vm.agentTree.visibleAncestor(vm.selectedId);
                chat.reset();
                ui.focus = Focus.INPUT;
            }
            case Escape -> ui.focus = Focus.INPUT;
            case Tab -> ui.focus = ui.focus.next();
            case Character -> {
                if (KeyMap.isChar(k, '?')) ui.help = true;
                else if (KeyMap.isChar(k, ' ')) fold(null);
            }
            default -> {}
        }
    }
}

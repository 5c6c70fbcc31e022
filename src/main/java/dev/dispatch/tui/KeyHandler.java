package dev.dispatch.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;

/**
 * Routes one key press, in priority order: a pending "quit?" question; the head of the approval
 * queue (a permission prompt, or a question whose answer is typed into it) takes every key but quit
 * and ctrl+C; an open picker; ctrl+R search; then keys that work everywhere; then the help overlay,
 * the search bar, the completion popup and the focused panel. After each key the popup's offer is
 * worked out again.
 */
final class KeyHandler {
    /** A second ctrl+C within this long means "quit". */
    static final long DOUBLE_PRESS_NANOS = 1_000_000_000L;

    private final ViewModel vm;
    private final ChatView chat;
    private final InputState input;
    private final UiState ui;
    private final Commands commands;
    private final Mentions mentions;

    KeyHandler(ViewModel vm, ChatView chat, InputState input, UiState ui, Commands commands, Mentions mentions) {
        this.vm = vm;
        this.chat = chat;
        this.input = input;
        this.ui = ui;
        this.commands = commands;
        this.mentions = mentions;
    }

    void handle(KeyStroke k) {
        route(k);
        offer();
    }

    /** Pasted text: into the box (large pastes as a placeholder), the question's answer, or the search. */
    void paste(String text) {
        if (vm.queue.head() instanceof QuestionAsked) ui.answer.append(text.replace('\n', ' '));
        else if (input.search != null) input.searchType(text.replace('\n', ' '));
        else if (vm.queue.head() == null) {
            ui.focus = Focus.INPUT;
            ui.help = false;
            input.paste(text);
        }
        offer();
    }

    private void route(KeyStroke k) {
        if (ui.confirmQuit) {
            ui.confirmQuit = false;
            if (KeyMap.isChar(k, 'y') || KeyMap.isChar(k, 'Y') || KeyMap.global(k) == KeyMap.Action.INTERRUPT)
                ui.quit = true;
            else ui.hint = "not quitting";
            return;
        }
        KeyMap.Action action = KeyMap.global(k);
        Object head = vm.queue.head();
        if (head != null) {
            if (action == KeyMap.Action.QUIT) ui.quit = true;
            else if (action == KeyMap.Action.INTERRUPT) ctrlC();
            else if (head instanceof QuestionAsked q) question(k, q);
            else permission(k);
            return;
        }
        if (ui.picker != null) {
            picker(k);
            return;
        }
        if (input.search != null && ui.focus == Focus.INPUT && searchKey(k)) return;
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

    private void offer() {
        CompletionPopup.Offer before = ui.offer;
        ui.offer = CompletionPopup.of(input, ui, vm, mentions);
        if (!ui.offer.values().equals(before.values())) ui.popupIndex = 0;
    }

    /**
     * ctrl+C never quits silently while an agent works: the first one stops the selected agent's turn
     * (else clears the input), a second within a second quits, or asks first when agents still work.
     */
    private void ctrlC() {
        long now = System.nanoTime();
        boolean again = ui.lastCtrlC != 0 && now - ui.lastCtrlC < DOUBLE_PRESS_NANOS;
        ui.lastCtrlC = now;
        if (again) {
            if (vm.counts().running() > 0) {
                ui.confirmQuit = true;
                ui.hint =
                        "agents still work: y (or ctrl+c) quits, stopping those this session hosts; any other key stays";
            } else {
                ui.quit = true;
            }
            return;
        }
        if (input.search != null) input.endSearch(false);
        AgentView a = vm.selected();
        if (a != null && Commands.working(a)) {
            commands.interrupt();
            ui.hint = "interrupting " + a.label() + " · ctrl+c again within 1 s to quit";
        } else if (!input.isEmpty()) {
            input.clear();
            ui.hint = "input cleared · ctrl+c again within 1 s to quit";
        } else {
            ui.hint = "ctrl+c again within 1 s to quit (ctrl+d quits at once)";
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

    private void picker(KeyStroke k) {
        Picker p = ui.picker;
        switch (k.getKeyType()) {
            case ArrowUp -> p.move(-1);
            case ArrowDown -> p.move(1);
            case Enter, Tab -> {
                ui.picker = null;
                if (p.value() != null) p.chosen.accept(p.value());
            }
            case Escape -> ui.picker = null;
            default -> {
                if (KeyMap.global(k) == KeyMap.Action.INTERRUPT || KeyMap.global(k) == KeyMap.Action.QUIT)
                    ui.picker = null;
            }
        }
        ui.popupIndex = p.index;
    }

    /** ctrl+R search: typing narrows, ctrl+R goes older, Enter or an arrow takes the match, Esc gives up. */
    private boolean searchKey(KeyStroke k) {
        switch (k.getKeyType()) {
            case Character -> {
                if (k.isCtrlDown() && Character.toLowerCase(k.getCharacter()) == 'r') input.searchBack();
                else if (k.isCtrlDown() || k.isAltDown()) return false;
                else input.searchType(String.valueOf(k.getCharacter()));
            }
            case Backspace -> input.searchBackspace();
            case Escape -> input.endSearch(false);
            case Enter, ArrowLeft, ArrowRight, ArrowUp, ArrowDown, Home, End, Tab -> input.endSearch(true);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean global(KeyMap.Action action) {
        switch (action) {
            case QUIT -> ui.quit = true;
            case INTERRUPT -> ctrlC();
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
        if (TerminalKeys.newline(k)) {
            input.insert("\n");
            return;
        }
        if (popupKey(k)) return;
        switch (k.getKeyType()) {
            case Enter -> {
                ui.popupClosed = false;
                commands.submit(input);
                if (input.isEmpty()) mentions.refresh(); // agents change files: the next @ sees them
            }
            case Character -> {
                if (k.isCtrlDown()) {
                    if (Character.toLowerCase(k.getCharacter()) == 'r') input.searchBack();
                    return;
                }
                if (k.isAltDown()) return;
                if (k.getCharacter() == '?' && input.isEmpty()) ui.help = true;
                else {
                    if (Character.isWhitespace(k.getCharacter()) || k.getCharacter() == '@' || k.getCharacter() == '/')
                        ui.popupClosed = false;
                    input.insert(String.valueOf(k.getCharacter()));
                }
            }
            case Escape -> {
                AgentView a = vm.selected();
                if (a != null && Commands.working(a)) commands.interrupt();
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
            case Tab -> ui.focus = ui.focus.next();
            default -> {}
        }
    }

    /** ↑ ↓ Tab Esc while the completion popup is open; false for every other key. */
    private boolean popupKey(KeyStroke k) {
        CompletionPopup.Offer o = ui.offer;
        if (o.isEmpty() || o.kind() == CompletionPopup.Kind.PICKER) return false;
        switch (k.getKeyType()) {
            case ArrowUp ->
                ui.popupIndex = Math.floorMod(ui.popupIndex - 1, o.rows().size());
            case ArrowDown ->
                ui.popupIndex = Math.floorMod(ui.popupIndex + 1, o.rows().size());
            case Escape -> ui.popupClosed = true;
            case Tab -> {
                String v = o.values().get(Math.min(ui.popupIndex, o.values().size() - 1));
                if (v.isEmpty()) return true;
                if (o.kind() == CompletionPopup.Kind.SLASH) input.set(v + " ");
                else Mentions.accept(input, v);
            }
            default -> {
                return false;
            }
        }
        return true;
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
        if (vm.agentTree.external.treeKey(k, vm)) return; // ↑↓ into and within the external agents, a / Enter attach
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

package dev.dispatch.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * Which key does what. The keys that work everywhere resolve to an {@link Action} here; the help
 * overlay lists {@link #BINDINGS}, so what `?` shows is what the handler does. Quit is ctrl+d, not
 * ctrl+q: terminals keep ctrl+q for XON flow control and never pass it on (it quits where it arrives).
 */
final class KeyMap {
    private KeyMap() {}

    /** A key and what it does, for the help overlay. */
    record Binding(String keys, String does) {}

    static final List<Binding> BINDINGS = List.of(
            new Binding("Enter", "send to the selected agent (queued if busy)"),
            new Binding("alt+Enter, ctrl+J", "new line (shift+Enter too, where reported)"),
            new Binding("Esc, ctrl+c", "interrupt the turn (ctrl+c: else clear the input)"),
            new Binding("↑ ↓ · ctrl+R", "input: history (kept per project) · search it"),
            new Binding("/ · @", "commands · attach a file, address an agent"),
            new Binding("Tab, shift+Tab", "focus input → chat → agents"),
            new Binding("alt+↑ alt+↓", "previous / next agent, from anywhere"),
            new Binding("PgUp PgDn", "scroll the chat (End in the chat follows)"),
            new Binding("ctrl+f, / in chat", "find; Enter/↑ older match, ↓ newer, Esc"),
            new Binding("Enter in chat, ^O", "expand / collapse the tool call, every call"),
            new Binding("ctrl+x", "cancel the selected agent"),
            new Binding("ctrl+t · ctrl+g", "next thread (root, detached) · what waits for you"),
            new Binding("Space ← → (tree)", "fold / unfold the subtree; Enter opens it"),
            new Binding("F2 · F3", "left column: agents/tasks/log · details"),
            new Binding("F4", "diagnostics pane: ↑↓ select, Enter details, Esc closes"),
            new Binding("o s a d", "permission: once / session / always / deny"),
            new Binding("? or F1", "this help (? when the input is empty)"),
            new Binding("ctrl+d, ctrl+c ×2", "quit (ctrl+c twice within 1 s; asks if agents work)"));

    enum Action {
        QUIT,
        INTERRUPT,
        HELP,
        FOCUS_NEXT,
        FOCUS_PREVIOUS,
        FIND,
        EXPAND_ALL,
        SIDE,
        CANCEL_AGENT,
        NEXT_THREAD,
        ATTEND,
        DETAILS,
        DIAGNOSTICS,
        PAGE_UP,
        PAGE_DOWN,
        AGENT_UP,
        AGENT_DOWN,
        NONE
    }

    /** Keys that mean the same whatever has focus. */
    static Action global(KeyStroke k) {
        KeyType t = k.getKeyType();
        if (t == KeyType.EOF) return Action.QUIT;
        if (t == KeyType.F1) return Action.HELP;
        if (t == KeyType.F2) return Action.SIDE;
        if (t == KeyType.F3) return Action.DETAILS;
        if (t == KeyType.F4) return Action.DIAGNOSTICS;
        if (t == KeyType.ReverseTab) return Action.FOCUS_PREVIOUS;
        if (t == KeyType.PageUp) return Action.PAGE_UP;
        if (t == KeyType.PageDown) return Action.PAGE_DOWN;
        if (k.isAltDown() && t == KeyType.ArrowUp) return Action.AGENT_UP;
        if (k.isAltDown() && t == KeyType.ArrowDown) return Action.AGENT_DOWN;
        if (t == KeyType.Character && k.isCtrlDown()) {
            return switch (Character.toLowerCase(k.getCharacter())) {
                case 'd', 'q' -> Action.QUIT;
                case 'c' -> Action.INTERRUPT;
                case 'f' -> Action.FIND;
                case 'o' -> Action.EXPAND_ALL;
                case 'x' -> Action.CANCEL_AGENT;
                case 't' -> Action.NEXT_THREAD;
                case 'g' -> Action.ATTEND;
                default -> Action.NONE;
            };
        }
        return Action.NONE;
    }

    static boolean isChar(KeyStroke k, char c) {
        return k.getKeyType() == KeyType.Character && !k.isCtrlDown() && !k.isAltDown() && k.getCharacter() == c;
    }
}

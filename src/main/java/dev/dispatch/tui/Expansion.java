package dev.dispatch.tui;

/** How tool-call blocks are drawn: each as the user toggled it, or all expanded (ctrl+o). */
enum Expansion {
    EACH,
    ALL;

    static Expansion of(ChatView v) {
        return v.expandAll ? ALL : EACH;
    }
}

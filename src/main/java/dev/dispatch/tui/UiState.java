package dev.dispatch.tui;

/** The workbench's own state besides the view model: focus, overlays, and whether to quit. */
final class UiState {
    Focus focus = Focus.INPUT;
    boolean help;
    Layout.Side side = Layout.Side.AGENTS;
    boolean quit;
    /** Completions or a one-off message shown on the input's rule. */
    String hint = "";
}

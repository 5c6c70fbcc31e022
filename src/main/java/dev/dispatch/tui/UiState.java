package dev.dispatch.tui;

/** The workbench's own state besides the view model: focus, overlays, and whether to quit. */
final class UiState {
    Focus focus = Focus.INPUT;
    boolean help;
    Layout.Side side = Layout.Side.AGENTS;
    boolean quit;
    /** The selected agent's detail pane (F3). */
    boolean details;
    /** The answer being typed into the question modal. */
    final StringBuilder answer = new StringBuilder();
    /** Completions or a one-off message shown on the input's rule. */
    String hint = "";
}

package dev.dispatch.tui;

/** The workbench's own state besides the view model: focus, overlays, pickers, and whether to quit. */
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
    /** When the last ctrl+C came (nanoTime; 0: none yet): a second one within a second means quit. */
    long lastCtrlC;
    /** Agents still work and the user pressed ctrl+C twice: y quits, any other key stays. */
    boolean confirmQuit;
    /** The completion popup's highlighted row; reset whenever what it offers changes. */
    int popupIndex;
    /** Esc closed the popup for the word being typed; typing on opens it again. */
    boolean popupClosed;
    /** A list to choose from ({@code /resume}'s sessions), over the popup's place; null when none is open. */
    Picker picker;
    /** What the completion popup offers now, worked out after each key (never per frame). */
    CompletionPopup.Offer offer = CompletionPopup.Offer.NONE;
}

package dev.dispatch.tui;

/** What a piece of text means on screen; {@link Palette} decides how each looks. */
enum Style {
    NORMAL,
    BOLD,
    MUTED,
    HEADER,
    USER,
    ASSISTANT,
    TOOL,
    SHELL,
    FILE,
    OK,
    WARN,
    ERROR,
    SELECTED,
    MATCH,
    MODAL,
    MODAL_TITLE,
    KEY,
    // markdown
    HEADING,
    STRONG,
    EMPH,
    CODE,
    LINK,
    QUOTE,
    // syntax highlighting inside code blocks and diffs
    KEYWORD,
    STRING,
    COMMENT,
    NUMBER,
    // diffs
    DIFF_ADD,
    DIFF_DEL,
    DIFF_HUNK,
    LINE_NO
}

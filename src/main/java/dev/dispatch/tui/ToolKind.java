package dev.dispatch.tui;

import java.util.Locale;

/** Shell commands and file tools look different in the chat, so a reader can tell them apart. */
enum ToolKind {
    SHELL("$", Style.SHELL),
    FILE("≡", Style.FILE),
    OTHER("⚙", Style.TOOL);

    final String icon;
    final Style style;

    ToolKind(String icon, Style style) {
        this.icon = icon;
        this.style = style;
    }

    static ToolKind of(String tool) {
        String t = tool == null ? "" : tool.toLowerCase(Locale.ROOT);
        if (t.contains("shell") || t.contains("bash") || t.equals("exec") || t.contains("command")) return SHELL;
        if (t.contains("file")
                || t.contains("read")
                || t.contains("write")
                || t.contains("edit")
                || t.contains("glob")
                || t.contains("grep")
                || t.equals("ls")
                || t.contains("patch")) return FILE;
        return OTHER;
    }
}

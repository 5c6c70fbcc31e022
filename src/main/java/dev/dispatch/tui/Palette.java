package dev.dispatch.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.util.EnumSet;
import java.util.Set;

/**
 * How each {@link Style} looks. Readable on dark and light terminals because it never hard-codes a
 * background: text uses the terminal's default colours plus bold/reverse, and accents use the eight
 * ANSI colours, which every terminal theme remaps to fit its own background. Emphasis that must stand
 * out everywhere (the permission modal, the selection, search hits) is reverse video.
 */
final class Palette {
    /** One style's look: foreground, background and attributes. */
    record Look(TextColor fg, TextColor bg, Set<SGR> sgr) {}

    private Palette() {}

    static Look look(Style s) {
        TextColor def = TextColor.ANSI.DEFAULT;
        return switch (s) {
            case NORMAL -> new Look(def, def, Set.of());
            case BOLD -> new Look(def, def, EnumSet.of(SGR.BOLD));
            case MUTED -> new Look(TextColor.ANSI.CYAN, def, Set.of());
            case HEADER, SELECTED, MATCH -> new Look(def, def, EnumSet.of(SGR.REVERSE));
            case USER -> new Look(TextColor.ANSI.BLUE, def, EnumSet.of(SGR.BOLD));
            case ASSISTANT -> new Look(TextColor.ANSI.MAGENTA, def, EnumSet.of(SGR.BOLD));
            case TOOL -> new Look(TextColor.ANSI.CYAN, def, EnumSet.of(SGR.BOLD));
            case SHELL -> new Look(def, def, Set.of());
            case FILE -> new Look(TextColor.ANSI.BLUE, def, Set.of());
            case OK -> new Look(TextColor.ANSI.GREEN, def, Set.of());
            case WARN -> new Look(TextColor.ANSI.YELLOW, def, EnumSet.of(SGR.BOLD));
            case ERROR -> new Look(TextColor.ANSI.RED, def, EnumSet.of(SGR.BOLD));
            case MODAL -> new Look(def, def, EnumSet.of(SGR.BOLD));
            case MODAL_TITLE -> new Look(def, def, EnumSet.of(SGR.REVERSE, SGR.BOLD));
            case KEY -> new Look(def, def, EnumSet.of(SGR.BOLD, SGR.UNDERLINE));
            case HEADING -> new Look(TextColor.ANSI.BLUE, def, EnumSet.of(SGR.BOLD));
            case STRONG -> new Look(def, def, EnumSet.of(SGR.BOLD));
            case EMPH -> new Look(def, def, EnumSet.of(SGR.ITALIC));
            case CODE -> new Look(TextColor.ANSI.YELLOW, def, Set.of());
            case LINK -> new Look(TextColor.ANSI.BLUE, def, EnumSet.of(SGR.UNDERLINE));
            case QUOTE -> new Look(TextColor.ANSI.CYAN, def, EnumSet.of(SGR.ITALIC));
            case KEYWORD -> new Look(TextColor.ANSI.MAGENTA, def, EnumSet.of(SGR.BOLD));
            case STRING -> new Look(TextColor.ANSI.GREEN, def, Set.of());
            case COMMENT -> new Look(TextColor.ANSI.CYAN, def, EnumSet.of(SGR.ITALIC));
            case NUMBER -> new Look(TextColor.ANSI.YELLOW, def, Set.of());
            case DIFF_ADD -> new Look(TextColor.ANSI.GREEN, def, Set.of());
            case DIFF_DEL -> new Look(TextColor.ANSI.RED, def, Set.of());
            case DIFF_HUNK -> new Look(TextColor.ANSI.CYAN, def, EnumSet.of(SGR.BOLD));
            case LINE_NO -> new Look(TextColor.ANSI.CYAN, def, Set.of());
        };
    }
}

package dev.dispatch.tui;

/** Which panel the arrow keys drive; Tab cycles input → chat → agents. */
enum Focus {
    INPUT,
    CHAT,
    TREE;

    Focus next() {
        return values()[(ordinal() + 1) % values().length];
    }
}

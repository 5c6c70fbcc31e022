package dev.dispatch.permission;

/** What a tool wants to do with the paths it names: read them, write them, or run a command in them. */
public enum Operation {
    READ,
    WRITE,
    EXECUTE
}

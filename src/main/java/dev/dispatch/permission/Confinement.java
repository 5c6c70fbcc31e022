package dev.dispatch.permission;

import java.nio.file.Path;
import java.util.List;

/**
 * What the shell sandbox must enforce for one agent, as its policy sees it now: the directories a
 * command may write (the project root, auto-allowed paths and write grants), Dispatch's own
 * directories (hidden from commands entirely), and whether the network is reachable.
 */
public record Confinement(List<Path> writable, List<Path> hidden, Network network) {
    public enum Network {
        ON,
        OFF
    }

    public Confinement {
        writable = List.copyOf(writable);
        hidden = List.copyOf(hidden);
    }
}

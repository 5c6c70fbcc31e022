package dev.dispatch.permission;

import java.nio.file.Path;
import java.util.List;

/**
 * What the shell sandbox must enforce for one agent, as its policy sees it now: the directories a
 * command may write (the project root, auto-allowed paths and write grants), the ones it may only
 * read (read grants: everything else outside the project is absent from the sandbox), Dispatch's own
 * directories (hidden from commands entirely), and whether the network is reachable.
 */
public record Confinement(List<Path> writable, List<Path> hidden, Network network, List<Path> readable) {
    public enum Network {
        ON,
        OFF
    }

    public Confinement {
        writable = List.copyOf(writable);
        hidden = List.copyOf(hidden);
        readable = readable == null ? List.of() : List.copyOf(readable);
    }

    /** No read grants beyond the writable paths. */
    public Confinement(List<Path> writable, List<Path> hidden, Network network) {
        this(writable, hidden, network, List.of());
    }
}

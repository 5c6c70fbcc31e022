package dev.dispatch.shell;

/**
 * How a command ended: its exit status (as the OS reports it; a killed bash usually gives 137), its
 * captured output (with truncation markers where the middle was dropped), how many bytes were
 * dropped in all, and whether it exited by itself, hit its timeout, or was cancelled.
 */
public record ShellResult(int exitCode, String stdout, String stderr, long truncatedBytes, Ending ending) {
    /** Why the command stopped. */
    public enum Ending {
        EXITED,
        TIMED_OUT,
        CANCELLED
    }
}

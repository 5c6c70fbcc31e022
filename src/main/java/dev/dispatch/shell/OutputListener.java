package dev.dispatch.shell;

/** Receives a command's output as it arrives, from the reader threads (one per stream). */
@FunctionalInterface
public interface OutputListener {
    void onOutput(Channel channel, String chunk);
}

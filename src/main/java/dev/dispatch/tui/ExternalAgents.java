package dev.dispatch.tui;

import dev.dispatch.protocol.FleetOps;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The external agents ({@code dispatch spawn}: Claude Code, Codex, a shell in tmux) beside the in-process
 * ones in the agent tree: their name, CLI and state as the owner's fleet reports them, refreshed every
 * {@link #PERIOD_NANOS} and at once on a fleet event (exit, nudge, conflict), and a live preview of one
 * pane (capture-pane through {@code FleetOps.PeekExternalAgent}): the agent selected in the tree, else the most
 * recently active one that still runs. Enter or {@code a} on a selected one attaches to its tmux session
 * (the workbench suspends its screen until the user detaches).
 * Asked one question at a time off the UI thread; an engine that has no fleet (an old daemon) is asked
 * no more.
 */
final class ExternalAgents {
    static final long PERIOD_NANOS = 2_000_000_000L;
    static final int PREVIEW_LINES = 6;

    List<FleetOps.ExternalAgent> agents = List.of();
    /** The agent whose pane the preview shows, and the last lines of it. */
    String previewName;

    List<String> preview = List.of();
    /**
     * The external agent selected in the tree (↑↓ past the in-process rows), whose pane the preview shows;
     * null: the selection is on an in-process agent and the preview follows the most recently active one.
     */
    String selected;
    /** An agent the user asked to attach to (Enter or {@code a} on it); the workbench takes it and clears it. */
    String attach;
    /** Overlaps between agents now ({@code FleetOps.ListConflicts}): a badge on the tree. */
    int conflicts;

    private long askedAt = Long.MIN_VALUE / 2;
    private boolean inFlight;
    private boolean unsupported;

    /** Whether it is time to ask again ({@code now}: nanoTime). */
    boolean due(long now) {
        return !inFlight && !unsupported && now - askedAt >= PERIOD_NANOS;
    }

    /** Ask at the next chance (a fleet event arrived). */
    void stale() {
        askedAt = Long.MIN_VALUE / 2;
    }

    /** Asks for the list, then the preview's pane; the answers land on the UI thread through {@code calls}. */
    void ask(EngineCalls calls, String space, long now) {
        inFlight = true;
        askedAt = now;
        calls.call(
                new FleetOps.ListExternalAgents(space),
                l -> {
                    agents = List.copyOf(l.agents());
                    if (space != null && !agents.isEmpty())
                        calls.call(
                                new FleetOps.ListConflicts(space),
                                c -> conflicts = c.conflicts().size(),
                                why -> {});
                    FleetOps.ExternalAgent p = previewed();
                    if (p == null) {
                        previewName = null;
                        preview = List.of();
                        inFlight = false;
                        return;
                    }
                    calls.call(
                            new FleetOps.PeekExternalAgent(p.space(), p.name(), PREVIEW_LINES),
                            t -> {
                                previewName = t.name();
                                preview = t.text().lines().toList();
                                inFlight = false;
                            },
                            why -> {
                                previewName = p.name();
                                preview = List.of("(" + why + ")");
                                inFlight = false;
                            });
                },
                why -> {
                    inFlight = false;
                    // an engine that does not know the op (a daemon of another version, a test engine)
                    unsupported = agents.isEmpty();
                });
    }

    /**
     * Moves the selection among the external agents by {@code delta}; {@code lastInProcess}: the selection
     * is on the last in-process row (or there is none), so ↓ enters this list. Answers whether the key was
     * taken here: false leaves it to the in-process tree (↑ from the first external row returns there).
     */
    boolean move(int delta, boolean lastInProcess) {
        if (selected == null || find(selected) == null) {
            selected = null;
            if (delta <= 0 || !lastInProcess || agents.isEmpty()) return false;
            selected = agents.getFirst().name();
            stale();
            return true;
        }
        int at = indexOf(selected) + delta;
        if (at < 0) {
            selected = null; // back to the in-process rows
            stale();
            return true;
        }
        selected = agents.get(Math.min(agents.size() - 1, at)).name();
        stale(); // its pane at once, not at the next period
        return true;
    }

    /**
     * A key in the agent tree that concerns the external agents: ↑↓ into, within and out of their list,
     * Enter or {@code a} on the selected one to attach. Answers whether it took the key.
     */
    boolean treeKey(com.googlecode.lanterna.input.KeyStroke k, ViewModel vm) {
        switch (k.getKeyType()) {
            case ArrowUp -> {
                return move(-1, false);
            }
            case ArrowDown -> {
                var rows = vm.tree();
                boolean last = rows.isEmpty()
                        || AgentTree.indexOf(rows, vm.agentTree.visibleAncestor(vm.selectedId)) >= rows.size() - 1;
                return move(1, last);
            }
            case Enter -> {
                if (selected == null) return false;
                attach = selected; // the workbench suspends its screen for tmux attach
                return true;
            }
            case Character -> {
                if (selected == null || !KeyMap.isChar(k, 'a')) return false;
                attach = selected;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    FleetOps.ExternalAgent find(String name) {
        for (FleetOps.ExternalAgent a : agents) if (a.name().equals(name)) return a;
        return null;
    }

    private int indexOf(String name) {
        for (int i = 0; i < agents.size(); i++) if (agents.get(i).name().equals(name)) return i;
        return -1;
    }

    /**
     * The selected agent; else the running agent with the latest pane activity, else the first one listed;
     * null when none.
     */
    FleetOps.ExternalAgent previewed() {
        FleetOps.ExternalAgent chosen = selected == null ? null : find(selected);
        if (chosen != null) return chosen;
        return agents.stream()
                .filter(a -> a.state() != FleetOps.State.exited)
                .max(Comparator.comparing(a -> a.lastActivityAt() == null ? Instant.EPOCH : a.lastActivityAt()))
                .orElse(agents.isEmpty() ? null : agents.getFirst());
    }

    /** The icon for a state: ▶ working, ? waiting for input, · idle, ■ exited. */
    static String icon(FleetOps.State s) {
        return switch (s) {
            case working -> "▶";
            case waiting_for_input -> "?";
            case idle -> "·";
            case exited -> "■";
        };
    }

    static String label(FleetOps.ExternalAgent a) {
        // ⚑N: reminded N times about a stale lease (fleet.nudge)
        return a.name() + (a.nudges() > 0 ? " ⚑" + a.nudges() : "") + " " + a.cli() + " "
                + a.state().name().replace('_', ' ');
    }
}

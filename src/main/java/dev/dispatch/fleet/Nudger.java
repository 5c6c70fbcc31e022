package dev.dispatch.fleet;

import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ConfigValue;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.FleetEvents;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.TaskOps;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reminds a lease holder that stopped reporting, before its lease runs out (issue 22, "nudging"): an
 * agent whose heartbeat went stale ({@code fleet.nudge.stale_after}, else the registry's liveness) while
 * it holds a claimed task gets, at most {@code fleet.nudge.max} times per lease and no closer together
 * than {@code fleet.nudge.interval}, a reminder through its own channel: a line pasted into its pane for
 * an external agent in tmux, a message in its inbox for any other agent. Each nudge is an
 * {@code AgentNudged} event; an external agent's record keeps them ({@code dispatch agent list}).
 */
final class Nudger {
    static final Duration RELOAD = Duration.ofSeconds(30);

    /** The settings in force; {@code staleAfter} null: the registry's liveness decides. */
    record Settings(boolean enabled, Duration staleAfter, int max, Duration interval) {
        static final Settings DEFAULT = new Settings(true, null, 2, Duration.ofSeconds(60));
    }

    private final Fleet fleet;
    /** Nudges of agents that have no record (API agents), by lease: the count and the last one. */
    private final Map<String, Sent> sent = new HashMap<>();

    private Settings settings = Settings.DEFAULT;
    private Instant loadedAt = Instant.MIN;

    private record Sent(int count, Instant last) {}

    Nudger(Fleet fleet) {
        this.fleet = fleet;
    }

    /** One round over {@code space}: every claimed task's holder checked once. */
    void round(String space, Path project) {
        Settings s = settings(project);
        if (!s.enabled() || s.max() == 0) return;
        Instant now = fleet.clock.get();
        List<TaskOps.TaskView> claimed = fleet.coord
                .submit(new TaskOps.ListTasks(space, TaskOps.Status.claimed, null, null, 10_000))
                .tasks();
        java.util.Set<String> live = new java.util.HashSet<>();
        for (TaskOps.TaskView t : claimed) {
            if (t.assignee() == null
                    || t.leaseExpiresAt() == null
                    || !t.leaseExpiresAt().isAfter(now)) continue;
            String leaseKey = space + "\0" + t.id() + "\0" + t.attempt();
            live.add(leaseKey);
            AgentOps.AgentView a;
            try {
                a = fleet.coord
                        .submit(new AgentOps.ShowAgent(space, t.assignee()))
                        .agent();
            } catch (RuntimeException e) {
                continue; // removed meanwhile
            }
            if (!stale(a, s, now)) continue;
            Optional<ExternalRecord> ext =
                    fleet.records.find(t.assignee()).filter(r -> space.equals(r.space()) && r.exitedAt() == null);
            String text = text(t, a, now);
            if (ext.isPresent()) {
                ExternalRecord r = ext.get();
                List<ExternalRecord.Nudge> mine = r.nudges().stream()
                        .filter(n -> t.id().equals(n.taskId()) && t.attempt() == n.attempt())
                        .toList();
                if (mine.size() >= s.max()) continue;
                if (!mine.isEmpty() && mine.getLast().at().plus(s.interval()).isAfter(now)) continue;
                Tmux tmux = fleet.tmux(r);
                boolean delivered;
                if (r.exec()) {
                    // Codex between runs has no pane to paste into: the reminder is its next prompt
                    if (!tmux.alive()) continue;
                    delivered = !"failed"
                            .equals(ExecTurns.submit(fleet, r.name(), text, "nudge")
                                    .state());
                } else {
                    if (!tmux.alive() || "1".equals(tmux.display("#{pane_dead}"))) continue;
                    delivered = fleet.deliver(tmux, text, 2_000);
                }
                fleet.records.update(
                        r.name(), x -> x.nudged(new ExternalRecord.Nudge(now, t.id(), t.attempt(), delivered)));
                announce(space, t, r.exec() ? ExecTurns.CHANNEL : "pane", delivered, mine.size() + 1, now);
            } else {
                Sent before = sent.get(leaseKey);
                if (before != null
                        && (before.count() >= s.max()
                                || before.last().plus(s.interval()).isAfter(now))) continue;
                boolean delivered;
                try {
                    fleet.coord.submit(new MessageOps.SendMessage(
                            space, "operator", t.assignee(), text, null, MessageOps.Importance.high, false));
                    delivered = true;
                } catch (RuntimeException e) {
                    delivered = false;
                }
                int count = before == null ? 1 : before.count() + 1;
                sent.put(leaseKey, new Sent(count, now));
                announce(space, t, "message", delivered, count, now);
            }
        }
        sent.keySet().removeIf(k -> k.startsWith(space + "\0") && !live.contains(k));
    }

    private void announce(String space, TaskOps.TaskView t, String channel, boolean delivered, int count, Instant now) {
        fleet.events.accept(new FleetEvents.AgentNudged(
                space, t.assignee(), t.id(), channel, delivered, count, t.leaseExpiresAt(), now));
    }

    static boolean stale(AgentOps.AgentView a, Settings s, Instant now) {
        if (s.staleAfter() == null) return "stale".equals(a.liveness());
        return a.lastSeenAt() == null || a.lastSeenAt().plus(s.staleAfter()).isBefore(now);
    }

    /** The reminder: one line (a pane takes it as one input), naming the task, the silence and what to do. */
    static String text(TaskOps.TaskView t, AgentOps.AgentView a, Instant now) {
        long silent = a.lastSeenAt() == null
                ? 0
                : Duration.between(a.lastSeenAt(), now).toSeconds();
        long left = Math.max(0, Duration.between(now, t.leaseExpiresAt()).toSeconds());
        return "[dispatch] Reminder: you hold task " + t.id() + " (" + oneLine(t.title())
                + ") and have not reported for "
                + silent + " s; its lease expires in " + left + " s. Report progress with 'dispatch task progress "
                + t.id() + " --space " + t.space() + " --lease LEASE', finish it with 'dispatch task complete', or give"
                + " it back with 'dispatch task fail'.";
    }

    private static String oneLine(String s) {
        String x = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return x.length() > 80 ? x.substring(0, 79) + "…" : x;
    }

    private Settings settings(Path project) {
        Instant now = Instant.now();
        if (loadedAt.plus(RELOAD).isAfter(now)) return settings;
        loadedAt = now;
        try {
            Config c = new ConfigLoader(fleet.dirs, fleet.env, project == null ? Path.of("") : project).load();
            settings = new Settings(
                    (Boolean) value(c, "fleet.nudge.enabled", Boolean.TRUE),
                    (Duration) value(c, "fleet.nudge.stale_after", null),
                    ((Long) value(c, "fleet.nudge.max", 2L)).intValue(),
                    (Duration) value(c, "fleet.nudge.interval", Duration.ofSeconds(60)));
        } catch (RuntimeException e) {
            // a config that does not load: keep the last good settings (the user sees the error elsewhere)
        }
        return settings;
    }

    private static Object value(Config c, String key, Object fallback) {
        Object v = c.get(key).map(ConfigValue::value).orElse(null);
        return v == null ? fallback : v;
    }
}

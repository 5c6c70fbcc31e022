package dev.dispatch.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.dispatch.config.AgentConfig;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.ConfigValue;
import dev.dispatch.config.Secret;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.FleetOps.ExportFleet;
import dev.dispatch.protocol.FleetOps.FleetFile;
import dev.dispatch.protocol.TaskOps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a space's team as a fleet file: its coordination agents, the agent templates in force, its
 * external agents' CLI, worktree and persona settings, the personas (every version) and its open tasks. Secrets never go in: no tokens are
 * stored to begin with, and any configured secret or token-shaped text found in a value is replaced
 * by {@link #REDACTED} before the file is written.
 */
final class FleetExport {
    static final String REDACTED = "<redacted>";
    static final Pattern TOKEN = Pattern.compile("dsp_[A-Za-z0-9_-]{8,}");
    /** The tasks an export carries: those not finished, in the order they are listed. */
    static final List<TaskOps.Status> OPEN =
            List.of(TaskOps.Status.pending, TaskOps.Status.ready, TaskOps.Status.waiting, TaskOps.Status.claimed);

    private FleetExport() {}

    static FleetFile export(Fleet fleet, ExportFleet p) {
        if (p.space() == null || p.space().isBlank()) throw EngineException.invalid("space is empty; give --space");
        String space = p.space();
        Config config = config(fleet, p.project());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("space", space);
        List<Map<String, Object>> agents = new ArrayList<>();
        for (AgentOps.AgentView a :
                fleet.coord.submit(new AgentOps.ListRegisteredAgents(space)).agents()) {
            if (a.role() != null && a.role().startsWith("external:")) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            put(m, "role", a.role());
            if (!a.capabilities().isEmpty()) m.put("capabilities", a.capabilities());
            put(m, "parent", a.parent());
            m.put("max_concurrent", a.maxConcurrent());
            m.put("heartbeat_interval", a.heartbeatIntervalSeconds());
            agents.add(m);
        }
        doc.put("agents", agents);
        List<Map<String, Object>> templates = new ArrayList<>();
        if (config != null) {
            for (AgentConfig t : config.agents()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", t.id());
                t.description().ifPresent(v -> m.put("description", v));
                t.systemPrompt().ifPresent(v -> m.put("system_prompt", v));
                if (!t.tools().isEmpty()) m.put("tools", t.tools());
                t.permissionMode().ifPresent(v -> m.put("permission_mode", v));
                t.model().ifPresent(v -> m.put("model", v));
                t.tag().ifPresent(v -> m.put("tag", v));
                if (!t.skills().isEmpty()) m.put("skills", t.skills());
                t.maxTurns().ifPresent(v -> m.put("max_turns", v));
                templates.add(m);
            }
        }
        doc.put("templates", templates);
        List<Map<String, Object>> external = new ArrayList<>();
        for (ExternalRecord r : fleet.records()) {
            if (!space.equals(r.space())) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("cli", r.cli());
            m.put("worktree", r.worktree() != null);
            put(m, "prompt", r.prompt());
            put(m, "persona", r.persona());
            external.add(m);
        }
        doc.put("external", external);
        List<Map<String, Object>> personas = new ArrayList<>();
        for (Personas.Stored s : fleet.personas.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            List<Map<String, Object>> versions = new ArrayList<>();
            for (var v : s.versions()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("version", v.version());
                x.put("text", v.text());
                put(x, "note", v.note());
                versions.add(x);
            }
            m.put("versions", versions);
            personas.add(m);
        }
        doc.put("personas", personas);
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<TaskOps.TaskView> open = new ArrayList<>();
        for (TaskOps.Status status : OPEN)
            open.addAll(fleet.coord
                    .submit(new TaskOps.ListTasks(space, status, null, null, 10_000))
                    .tasks());
        open.sort(java.util.Comparator.comparing(TaskOps.TaskView::createdAt).thenComparing(TaskOps.TaskView::id));
        for (TaskOps.TaskView t : open) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("title", t.title());
            put(m, "description", t.description());
            put(m, "queue", t.queue());
            m.put("priority", t.priority());
            if (!t.capabilities().isEmpty()) m.put("capabilities", t.capabilities());
            if (!t.after().isEmpty()) m.put("after", t.after());
            m.put("lease_seconds", t.leaseSeconds());
            m.put("max_attempts", t.maxAttempts());
            put(m, "key", t.key());
            tasks.add(m);
        }
        doc.put("tasks", tasks);
        String yaml = "# Dispatch fleet file: 'dispatch fleet import FILE' creates what it lists. No tokens or keys.\n"
                + write(doc);
        return new FleetFile(redact(yaml, secrets(config, fleet.env)));
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }

    private static Config config(Fleet fleet, String project) {
        try {
            Path cwd = project == null || project.isBlank() ? Path.of("") : Path.of(project);
            return new ConfigLoader(fleet.dirs, fleet.env, cwd).load();
        } catch (ConfigException e) {
            throw EngineException.invalid(
                    "the config does not load, so its templates cannot be exported: " + e.getMessage());
        }
    }

    /** Every configured secret's value, for {@link #redact}. */
    private static List<String> secrets(Config config, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        if (config == null) return out;
        for (ConfigValue v : config.values()) {
            if (v.value() instanceof Secret s)
                s.reveal(env).filter(x -> x.length() >= 4).ifPresent(out::add);
        }
        return out;
    }

    static String redact(String text, List<String> secrets) {
        String out = TOKEN.matcher(text).replaceAll(REDACTED);
        for (String s : secrets) out = out.replace(s, REDACTED);
        return out;
    }

    private static String write(Object doc) {
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .build());
        try {
            return yaml.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot write the fleet file: " + e.getMessage(), e);
        }
    }
}

package dev.dispatch.fleet;

import dev.dispatch.fleet.LocatedYaml.Located;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.FleetOps.ImportFleet;
import dev.dispatch.protocol.FleetOps.ImportResult;
import dev.dispatch.protocol.FleetOps.SpawnExternalAgent;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.worktree.AgentName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Creates what a fleet file lists in a space: coordination agents (with fresh tokens, not shown),
 * agent templates (into the user config, {@link Templates}), external agents (spawned) and open
 * tasks (their {@code after} links remapped to the new ids). The whole file is checked first and a
 * file with any problem is refused with every problem's line; nothing is created then.
 */
final class FleetImport {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}");
    private static final Set<String> TOP =
            Set.of("version", "space", "agents", "templates", "external", "personas", "tasks");
    private static final Set<String> AGENT =
            Set.of("name", "role", "capabilities", "parent", "max_concurrent", "heartbeat_interval");
    private static final Set<String> EXTERNAL = Set.of("name", "cli", "worktree", "prompt", "persona");
    private static final Set<String> PERSONA = Set.of("name", "versions");
    private static final Set<String> PERSONA_VERSION = Set.of("version", "text", "note");
    private static final Set<String> TASK = Set.of(
            "id",
            "title",
            "description",
            "queue",
            "priority",
            "capabilities",
            "after",
            "lease_seconds",
            "max_attempts",
            "key");

    private final List<String> problems = new ArrayList<>();
    private final String file;

    private FleetImport(String file) {
        this.file = file == null || file.isBlank() ? "fleet file" : file;
    }

    static ImportResult run(Fleet fleet, ImportFleet p) {
        if (p.space() == null || p.space().isBlank()) throw EngineException.invalid("space is empty; give --space");
        FleetImport in = new FleetImport(p.file());
        Located root = LocatedYaml.parse(p.yaml());
        List<Step> steps = in.plan(fleet, root, p);
        if (!in.problems.isEmpty())
            throw EngineException.invalid(
                    in.file + " does not validate; nothing was created:\n  " + String.join("\n  ", in.problems));
        List<String> actions = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Step s : steps) {
            if (s.skip() != null) {
                skipped.add(s.what() + ": " + s.skip());
                continue;
            }
            if (!p.dryRun()) s.run().run();
            actions.add(s.what());
        }
        return new ImportResult(p.dryRun(), actions, skipped);
    }

    /** One thing to create; {@code skip} says why it is not (it exists already). */
    record Step(String what, String skip, Runnable run) {}

    private List<Step> plan(Fleet fleet, Located root, ImportFleet p) {
        Map<String, Located> top = map(root, "the file");
        if (top == null) return List.of();
        for (var e : top.entrySet()) if (!TOP.contains(e.getKey())) unknown(e.getKey(), e.getValue(), TOP);
        Located version = top.get("version");
        if (version == null || !(version.value() instanceof Long v) || v != 1)
            problem(version == null ? root.line() : version.line(), "version must be 1");
        String space = p.space();
        List<Step> steps = new ArrayList<>();
        Set<String> existing =
                new HashSet<>(fleet.coord.submit(new AgentOps.ListRegisteredAgents(space)).agents().stream()
                        .map(AgentOps.AgentView::name)
                        .toList());
        Set<String> names = new HashSet<>();
        for (Located a : list(top.get("agents"), "agents")) {
            Map<String, Located> m = entry(a, "agents", AGENT);
            if (m == null) continue;
            String name = name(m, "name", a, NAME, names);
            List<String> caps = strings(m.get("capabilities"), "capabilities");
            String role = string(m.get("role"), "role");
            String parent = string(m.get("parent"), "parent");
            Integer max = integer(m.get("max_concurrent"), "max_concurrent", 1, 1000);
            Integer hb = integer(m.get("heartbeat_interval"), "heartbeat_interval", 1, 86_400);
            if (name == null) continue;
            String skip = existing.contains(name) ? "already registered" : null;
            steps.add(new Step(
                    "register agent " + name,
                    skip,
                    () -> fleet.coord.submit(new AgentOps.RegisterAgent(space, name, caps, role, parent, max, hb))));
        }
        Templates templates = new Templates(fleet, p.project());
        for (Located t : list(top.get("templates"), "templates")) {
            Map<String, Located> m = map(t, "a template");
            if (m == null) continue;
            Located id = m.get("id");
            if (id == null
                    || !(id.value() instanceof String s)
                    || !NAME.matcher(s).matches()) {
                problem(t.line(), "a template needs an id of letters, digits, '.', '_', '-'");
                continue;
            }
            for (String problem : templates.check(m)) problem(t.line(), "template " + s + ": " + problem);
            if (templates.exists(s)) {
                steps.add(new Step("add template " + s, "already defined in the config", null));
                continue;
            }
            templates.add(s, m);
            steps.add(new Step("add template " + s, null, () -> {}));
        }
        String blocked = templates.blocked();
        if (blocked != null) problem(top.get("templates").line(), blocked);
        if (templates.pending() > 0)
            steps.add(new Step("write templates to " + templates.file(), null, templates::save));
        Set<String> personaNames = new HashSet<>();
        for (Located x : list(top.get("personas"), "personas")) {
            Map<String, Located> m = entry(x, "personas", PERSONA);
            if (m == null) continue;
            String name = null;
            Located n = m.get("name");
            if (n == null || !(n.value() instanceof String s)) problem(x.line(), "a persona needs a name");
            else {
                try {
                    name = Personas.name(s);
                    if (!personaNames.add(name)) problem(n.line(), "persona '" + name + "' appears twice");
                } catch (EngineException e) {
                    problem(n.line(), e.getMessage());
                }
            }
            List<String> texts = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            List<Located> versions = list(m.get("versions"), "versions");
            if (versions.isEmpty()) problem(x.line(), "a persona needs versions: a list of {text: …}");
            for (Located v : versions) {
                Map<String, Located> vm = entry(v, "versions", PERSONA_VERSION);
                if (vm == null) continue;
                integer(vm.get("version"), "version", 1, 1_000_000);
                String raw = string(vm.get("text"), "text");
                Located at = vm.get("text") == null ? v : vm.get("text");
                try {
                    String text = Personas.text(raw, "persona " + name);
                    if (dev.dispatch.protocol.PersonaOps.IGNITION.equals(name)) Ignition.check(text);
                    texts.add(text);
                    notes.add(string(vm.get("note"), "note"));
                } catch (EngineException e) {
                    problem(at.line(), e.getMessage());
                }
            }
            if (name == null || texts.isEmpty()) continue;
            String pn = name;
            var existing0 = fleet.personas.load(pn);
            if (existing0.isPresent()) {
                boolean same = existing0.get().versions().getLast().text().equals(texts.getLast());
                steps.add(new Step(
                        "add persona " + pn + " (its latest text as a new version)",
                        same ? "already there with the same text" : null,
                        () -> fleet.personas.add(new dev.dispatch.protocol.PersonaOps.AddPersona(
                                pn, texts.getLast(), notes.getLast()))));
            } else {
                steps.add(new Step("add persona " + pn + " (" + texts.size() + " version(s))", null, () -> {
                    for (int i = 0; i < texts.size(); i++)
                        fleet.personas.add(
                                new dev.dispatch.protocol.PersonaOps.AddPersona(pn, texts.get(i), notes.get(i)));
                }));
            }
        }
        for (Located x : list(top.get("external"), "external")) {
            Map<String, Located> m = entry(x, "external", EXTERNAL);
            if (m == null) continue;
            String name = name(m, "name", x, null, names);
            String cli = string(m.get("cli"), "cli");
            if (cli == null)
                problem(x.line(), "an external agent needs a cli (claude, codex, aider, shell or a command)");
            Located wt = m.get("worktree");
            if (wt != null && !(wt.value() instanceof Boolean)) problem(wt.line(), "worktree must be true or false");
            boolean worktree = wt != null && Boolean.TRUE.equals(wt.value());
            String prompt = string(m.get("prompt"), "prompt");
            String persona = string(m.get("persona"), "persona");
            if (persona != null) {
                String pn = persona.contains("@") ? persona.substring(0, persona.indexOf('@')) : persona;
                if (!personaNames.contains(pn) && fleet.personas.load(safe(pn)).isEmpty())
                    problem(m.get("persona").line(), "persona '" + pn + "' is neither in this file nor defined here");
            }
            if (name == null || cli == null) continue;
            String skip = existing.contains(name) || fleet.records.find(name).isPresent()
                    ? "already exists"
                    : p.spawn() ? null : "not started (add --spawn to start external agents)";
            steps.add(new Step(
                    "spawn " + name + " --cli " + cli + (worktree ? " --worktree" : ""),
                    skip,
                    () -> fleet.spawn(
                            new SpawnExternalAgent(space, name, cli, p.project(), worktree, null, prompt, persona))));
        }
        Map<String, String> ids = new HashMap<>();
        for (Located t : list(top.get("tasks"), "tasks")) {
            Map<String, Located> m = entry(t, "tasks", TASK);
            if (m == null) continue;
            String title = string(m.get("title"), "title");
            if (title == null) problem(t.line(), "a task needs a title");
            String ref = string(m.get("id"), "id");
            List<String> after = strings(m.get("after"), "after");
            for (String a : after)
                if (!ids.containsKey(a))
                    problem(m.get("after").line(), "after names '" + a + "', which no task above has as id");
            if (ref != null && ids.containsKey(ref)) problem(m.get("id").line(), "task id '" + ref + "' appears twice");
            if (ref != null) ids.put(ref, null);
            String description = string(m.get("description"), "description");
            String queue = string(m.get("queue"), "queue");
            Integer priority = integer(m.get("priority"), "priority", -1_000_000, 1_000_000);
            List<String> caps = strings(m.get("capabilities"), "capabilities");
            Integer lease = integer(m.get("lease_seconds"), "lease_seconds", 1, 604_800);
            Integer attempts = integer(m.get("max_attempts"), "max_attempts", 1, 1000);
            String key = string(m.get("key"), "key");
            if (title == null) continue;
            steps.add(new Step("add task '" + title + "'", null, () -> {
                List<String> mapped = after.stream().map(ids::get).toList();
                var r = fleet.coord.submit(new TaskOps.AddTask(
                        space, title, description, queue, priority, caps, mapped, lease, attempts, key, null));
                if (ref != null) ids.put(ref, r.task().id());
            }));
        }
        return steps;
    }

    /** A persona name that may be looked up on disk, or one that exists nowhere when it is not valid. */
    private static String safe(String name) {
        try {
            return Personas.name(name);
        } catch (EngineException e) {
            return "-";
        }
    }

    private Map<String, Located> entry(Located l, String list, Set<String> allowed) {
        Map<String, Located> m = map(l, "an entry of " + list);
        if (m != null)
            for (var e : m.entrySet()) if (!allowed.contains(e.getKey())) unknown(e.getKey(), e.getValue(), allowed);
        return m;
    }

    private String name(Map<String, Located> m, String key, Located at, Pattern rule, Set<String> seen) {
        Located v = m.get(key);
        if (v == null || !(v.value() instanceof String s)) {
            problem(at.line(), "missing " + key);
            return null;
        }
        try {
            if (rule == null) AgentName.require(s);
            else if (!rule.matcher(s).matches()) throw EngineException.invalid("'" + s + "' is not a valid agent name");
        } catch (EngineException e) {
            problem(v.line(), e.getMessage());
            return null;
        }
        if (!seen.add(s)) problem(v.line(), "agent '" + s + "' appears twice");
        return s;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Located> map(Located l, String what) {
        if (l != null && l.value() instanceof Map<?, ?> m) return (Map<String, Located>) m;
        problem(l == null ? 1 : l.line(), what + " must be a mapping (key: value)");
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<Located> list(Located l, String what) {
        if (l == null || l.value() == null) return List.of();
        if (l.value() instanceof List<?> list) return (List<Located>) list;
        problem(l.line(), what + " must be a list");
        return List.of();
    }

    String string(Located l, String what) {
        if (l == null || l.value() == null) return null;
        if (l.value() instanceof String s) return s;
        problem(l.line(), what + " must be text");
        return null;
    }

    List<String> strings(Located l, String what) {
        List<String> out = new ArrayList<>();
        for (Located x : list(l, what)) {
            if (x.value() instanceof String s) out.add(s);
            else problem(x.line(), what + " must list text values");
        }
        return out;
    }

    Integer integer(Located l, String what, long min, long max) {
        if (l == null || l.value() == null) return null;
        if (l.value() instanceof Long v && v >= min && v <= max) return v.intValue();
        problem(l.line(), what + " must be a whole number from " + min + " to " + max);
        return null;
    }

    private void unknown(String key, Located v, Set<String> allowed) {
        problem(
                v.line(),
                "unknown key '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
    }

    void problem(int line, String message) {
        problems.add(file + ":" + line + ": " + message);
    }
}

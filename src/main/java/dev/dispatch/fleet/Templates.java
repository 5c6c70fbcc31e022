package dev.dispatch.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.fleet.LocatedYaml.Located;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Agent templates an import adds: appended as an {@code agents:} list to the user config file, which
 * must not have one yet (merging into a hand-written list would rewrite the user's file). The config
 * is loaded again afterwards; if it no longer loads, the file is put back as it was.
 */
final class Templates {
    private static final Set<String> KEYS = Set.of(
            "id", "description", "system_prompt", "tools", "permission_mode", "model", "tag", "skills", "max_turns");
    private static final Set<String> LISTS = Set.of("tools", "skills");
    private static final Pattern AGENTS_KEY = Pattern.compile("(?m)^agents\\s*:");

    private final Fleet fleet;
    private final String project;
    private final Config config;
    private final List<Map<String, Object>> pending = new ArrayList<>();

    Templates(Fleet fleet, String project) {
        this.fleet = fleet;
        this.project = project;
        this.config = load();
    }

    Path file() {
        return fleet.dirs.userConfigFile();
    }

    boolean exists(String id) {
        return config != null && config.agent(id).isPresent();
    }

    int pending() {
        return pending.size();
    }

    /** Why the templates cannot be written, or null. */
    String blocked() {
        if (pending.isEmpty()) return null;
        try {
            if (Files.isRegularFile(file())
                    && AGENTS_KEY.matcher(Files.readString(file())).find())
                return "the user config " + file() + " has an agents: list already; add the templates "
                        + pending.stream().map(m -> (String) m.get("id")).toList()
                        + " to it yourself, or remove them from"
                        + " this file";
        } catch (IOException e) {
            return "cannot read " + file() + ": " + e.getMessage();
        }
        return null;
    }

    /** The problems of one template entry, each as text. */
    List<String> check(Map<String, Located> m) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> {
            if (!KEYS.contains(k)) out.add("unknown key '" + k + "' (line " + v.line() + ")");
            else if (LISTS.contains(k)) {
                if (!(v.value() instanceof List<?> l)
                        || l.stream().anyMatch(x -> !(((Located) x).value() instanceof String)))
                    out.add(k + " must be a list of text (line " + v.line() + ")");
            } else if (k.equals("max_turns")) {
                if (!(v.value() instanceof Long n) || n < 1 || n > 100_000)
                    out.add("max_turns must be 1-100000 (line " + v.line() + ")");
            } else if (!(v.value() instanceof String)) out.add(k + " must be text (line " + v.line() + ")");
        });
        return out;
    }

    void add(String id, Map<String, Located> m) {
        Map<String, Object> plain = new LinkedHashMap<>();
        m.forEach((k, v) -> plain.put(k, unwrap(v)));
        plain.put("id", id);
        pending.add(plain);
    }

    void save() {
        if (pending.isEmpty()) return;
        Path f = file();
        try {
            String before = Files.isRegularFile(f) ? Files.readString(f) : null;
            String block = yaml(Map.of("agents", pending));
            String after =
                    (before == null || before.isBlank() ? "" : before.endsWith("\n") ? before : before + "\n") + block;
            Files.createDirectories(f.getParent());
            Files.writeString(f, after);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            if (load() == null) {
                if (before == null) Files.delete(f);
                else Files.writeString(f, before);
                throw EngineException.invalid("the imported templates make " + f + " invalid; it was left as it was");
            }
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot write templates to " + f + ": " + e.getMessage(), e);
        }
    }

    private Config load() {
        try {
            Path cwd = project == null || project.isBlank() ? Path.of("") : Path.of(project);
            return new ConfigLoader(fleet.dirs, fleet.env, cwd).load();
        } catch (ConfigException e) {
            return null;
        }
    }

    private static Object unwrap(Located l) {
        if (l.value() instanceof List<?> list)
            return list.stream().map(x -> unwrap((Located) x)).toList();
        return l.value();
    }

    private static String yaml(Object doc) {
        ObjectMapper m = new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .build());
        try {
            return m.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot write templates: " + e.getMessage(), e);
        }
    }
}

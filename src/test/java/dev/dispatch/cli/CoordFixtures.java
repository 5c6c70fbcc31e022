package dev.dispatch.cli;

import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Json;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-dir helpers for the lock, msg, kb and approval command tests: registers agents through the engine and counts rows,
 * so a test can prove that a refused command changed nothing.
 */
final class CoordFixtures {
    static final String SPACE = "proj";

    private CoordFixtures() {}

    /** Agents "lead" (no parent), "a" and "b" (children of lead) in space proj, registered the real way. */
    static void agents(Path data) {
        try (Engine engine = Engines.local(
                Dirs.resolve(Map.of(
                                "DISPATCH_HOME",
                                data.resolveSibling(data.getFileName() + "-home")
                                        .toString()))
                        .withData(data),
                Map.of())) {
            for (String[] a :
                    List.of(new String[] {"lead", null}, new String[] {"a", "lead"}, new String[] {"b", "lead"})) {
                engine.submit(new AgentOps.RegisterAgent(SPACE, a[0], List.of(), null, a[1], null, null));
            }
        }
    }

    static Map<String, Long> counts(Path data) {
        try (Store store = Store.open(data)) {
            return store.read(c -> {
                Map<String, Long> out = new LinkedHashMap<>();
                for (String t :
                        List.of("lock_grant", "message", "inbox", "kb_version", "text_doc", "approval", "journal")) {
                    try (Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
                        rs.next();
                        out.put(t, rs.getLong(1));
                    }
                }
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM approval WHERE state = 'decided'")) {
                    rs.next();
                    out.put("decided", rs.getLong(1));
                }
                return out;
            });
        }
    }

    static com.fasterxml.jackson.databind.JsonNode json(String out) {
        try {
            return Json.mapper().readTree(out);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }
}

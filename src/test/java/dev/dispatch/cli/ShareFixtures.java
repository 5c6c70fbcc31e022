package dev.dispatch.cli;

import dev.dispatch.protocol.Json;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-dir helpers for the share command tests: registers agents straight into the agent table
 * (creating a minimal one when the agents migration is not present) and counts rows, so a test can
 * prove that a refused command changed nothing.
 */
final class ShareFixtures {
    static final String SPACE = "proj";

    private ShareFixtures() {}

    /** Agents "lead" (no parent), "a" and "b" (children of lead) in space proj. */
    static void agents(Path data) {
        try (Store store = Store.open(data)) {
            store.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute(
                            "CREATE TABLE IF NOT EXISTS agent (space VARCHAR(200) NOT NULL, name VARCHAR(200) NOT NULL,"
                                    + " parent VARCHAR(200), PRIMARY KEY (space, name))");
                }
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO agent(space, name, parent) VALUES (?, ?, ?)")) {
                    for (String[] a : List.of(
                            new String[] {"lead", null}, new String[] {"a", "lead"}, new String[] {"b", "lead"})) {
                        ps.setString(1, SPACE);
                        ps.setString(2, a[0]);
                        ps.setString(3, a[1]);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
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

package dev.dispatch.store;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the test table (acked)'s ids through an open store. */
final class AckedIds {
    private AckedIds() {}

    /** Opens the store in {@code dir} (as a one-shot) and returns every id, as a kill test checks after a kill. */
    static java.util.Set<String> reopened(java.nio.file.Path dir) {
        try (Store s = Store.open(dir)) {
            return new java.util.HashSet<>(all(s));
        }
    }

    /** Adds the id of an {@code ack ID .} line; a line cut by the kill has no terminating " ." and is not one. */
    static void collect(String line, java.util.Set<String> acked) {
        if (line != null && line.startsWith("ack ") && line.endsWith(" ."))
            acked.add(line.substring(4, line.length() - 2));
    }

    static List<String> all(Store s) {
        return s.read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id FROM acked")) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }
}

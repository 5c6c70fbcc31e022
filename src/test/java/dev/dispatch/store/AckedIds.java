package dev.dispatch.store;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the test table (acked)'s ids through an open store. */
final class AckedIds {
    private AckedIds() {}

    static List<String> all(Store s) {
        return s.read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM acked")) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }
}

package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The agent tree: a parent is set by the child; setting one that would close a loop is a conflict. */
final class Hierarchy {
    private Hierarchy() {}

    /** Throws unless {@code parent} exists and is not {@code child} or one of its descendants. */
    static void checkParent(Connection c, String space, String child, String parent) throws SQLException {
        if (child.equals(parent)) throw EngineException.conflict("agent '" + child + "' cannot be its own parent");
        Agents.requireAgent(c, space, parent);
        List<String> chain = new ArrayList<>(List.of(child, parent));
        String cur = parent;
        // walk up from the new parent: meeting the child means the child would become its own ancestor
        while (cur != null) {
            String up = AgentRow.find(c, space, cur).map(AgentRow::parent).orElse(null);
            if (up == null) return;
            chain.add(up);
            if (up.equals(child)) {
                throw EngineException.conflict("setting the parent of '" + child + "' to '" + parent
                        + "' would make a cycle (" + String.join(" -> ", chain) + "); choose a parent outside "
                        + child + "'s subtree");
            }
            if (chain.size() > 10_000) return;
            cur = up;
        }
    }
}

package dev.dispatch.coord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AgentDirectory} held in memory for tests: agent name → parent (empty string for none). */
final class InMemoryAgents implements AgentDirectory {
    private final Map<String, Map<String, String>> bySpace = new ConcurrentHashMap<>();

    InMemoryAgents add(String space, String name, String parent) {
        bySpace.computeIfAbsent(space, s -> new TreeMap<>()).put(name, parent == null ? "" : parent);
        return this;
    }

    @Override
    public boolean exists(String space, String name) {
        return bySpace.getOrDefault(space, Map.of()).containsKey(name);
    }

    @Override
    public Optional<String> parentOf(String space, String name) {
        String p = bySpace.getOrDefault(space, Map.of()).get(name);
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    @Override
    public List<String> childrenOf(String space, String name) {
        List<String> out = new ArrayList<>();
        bySpace.getOrDefault(space, Map.of()).forEach((n, p) -> {
            if (p.equals(name)) out.add(n);
        });
        return out;
    }

    @Override
    public List<String> names(String space) {
        return List.copyOf(bySpace.getOrDefault(space, Map.of()).keySet());
    }
}

package dev.dispatch.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The external agents' records on disk ({@code <data>/fleet/NAME.json}, mode 0600): small, few, and read
 * by the one owner, so plain files written atomically serve better than a new store table. Names are
 * checked before they become file names ({@code AgentName}).
 */
final class Records {
    private final Path dir;
    private final ObjectMapper json = Json.mapper();

    Records(Path dir) {
        this.dir = dir;
    }

    Optional<ExternalRecord> find(String name) {
        Path f = dir.resolve(name + ".json");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(json.readValue(f.toFile(), ExternalRecord.class));
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL,
                    "cannot read " + f + ": " + e.getMessage() + " (remove the file if the agent is gone)",
                    e);
        }
    }

    List<ExternalRecord> all() {
        if (!Files.isDirectory(dir)) return List.of();
        List<ExternalRecord> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                try {
                    out.add(json.readValue(f.toFile(), ExternalRecord.class));
                } catch (IOException e) {
                    // one torn record must not hide the others; find() reports it by name
                }
            }
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    synchronized void save(ExternalRecord r) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path tmp = Files.createTempFile(dir, r.name(), ".tmp");
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
            try {
                Files.move(
                        tmp,
                        dir.resolve(r.name() + ".json"),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(r.name() + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL,
                    "cannot write the record of agent " + r.name() + " in " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Re-reads agent {@code name}'s record, applies {@code change} and saves the result, one change at a
     * time (the supervisor, sends and nudges change one record from different threads); returns the saved
     * record, or empty when there is none (or {@code change} returned null: nothing saved).
     */
    synchronized Optional<ExternalRecord> update(String name, java.util.function.UnaryOperator<ExternalRecord> change) {
        Optional<ExternalRecord> now = find(name);
        if (now.isEmpty()) return now;
        ExternalRecord next = change.apply(now.get());
        if (next == null) return Optional.empty();
        save(next);
        return Optional.of(next);
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".json"));
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot delete the record of agent " + name + ": " + e.getMessage(), e);
        }
    }
}

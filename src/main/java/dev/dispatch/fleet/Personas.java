package dev.dispatch.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.PersonaOps.AddPersona;
import dev.dispatch.protocol.PersonaOps.AddResult;
import dev.dispatch.protocol.PersonaOps.Persona;
import dev.dispatch.protocol.PersonaOps.PersonaHistory;
import dev.dispatch.protocol.PersonaOps.PersonaList;
import dev.dispatch.protocol.PersonaOps.PersonaSummary;
import dev.dispatch.protocol.PersonaOps.ShowPersona;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned persona prompts on disk ({@code <data>/fleet/personas/NAME.json}, every version kept, mode
 * 0600), written atomically by the one owner; the same small-file choice as {@link Records}. Text is
 * checked before it is stored: not blank, at most {@link #MAX_CHARS}, no control characters but
 * newline and tab; the ignition persona's placeholders must be ones {@link Ignition} knows.
 */
final class Personas {
    static final int MAX_CHARS = 32 * 1024;
    static final int MAX_NOTE = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    private static final Pattern REF = Pattern.compile("([^@]+)(?:@(\\d{1,9}))?");

    /** What one file holds: the persona's name and every version, oldest first. */
    record Stored(String name, List<Persona> versions) {}

    private final Path dir;
    private final Supplier<Instant> clock;
    private final ObjectMapper json = Json.mapper();

    Personas(Path dir, Supplier<Instant> clock) {
        this.dir = dir;
        this.clock = clock;
    }

    synchronized AddResult add(AddPersona p) {
        String name = name(p.name());
        String text = text(p.text(), "persona " + name);
        String note = p.note() == null || p.note().isBlank() ? null : p.note().strip();
        if (note != null && (note.length() > MAX_NOTE || note.chars().anyMatch(Character::isISOControl)))
            throw EngineException.invalid("--note must be one line of at most " + MAX_NOTE + " characters");
        if (name.equals(dev.dispatch.protocol.PersonaOps.IGNITION)) Ignition.check(text);
        List<Persona> versions =
                new ArrayList<>(load(name).map(Stored::versions).orElse(List.of()));
        if (!versions.isEmpty() && versions.getLast().text().equals(text))
            return new AddResult(versions.getLast(), false);
        Persona v = new Persona(name, versions.size() + 1, text, note, clock.get());
        versions.add(v);
        save(new Stored(name, versions));
        return new AddResult(v, true);
    }

    Persona show(ShowPersona p) {
        String name = name(p.name());
        Stored s = require(name);
        if (p.version() == null) return s.versions().getLast();
        int v = p.version();
        if (v < 1 || v > s.versions().size())
            throw EngineException.notFound("persona " + name + " has no version " + v + "; it has 1-"
                    + s.versions().size() + " (see dispatch persona history " + name + ")");
        return s.versions().get(v - 1);
    }

    /** {@code NAME} or {@code NAME@VERSION}, as {@code spawn --persona} takes it. */
    Persona resolve(String ref) {
        if (ref == null || ref.isBlank())
            throw EngineException.invalid("--persona is empty; give NAME or NAME@VERSION");
        Matcher m = REF.matcher(ref);
        if (!m.matches())
            throw EngineException.invalid(
                    "--persona '" + clean(ref) + "' is not NAME or NAME@VERSION (e.g. reviewer@2)");
        return show(new ShowPersona(m.group(1), m.group(2) == null ? null : Integer.valueOf(m.group(2))));
    }

    PersonaList list() {
        List<PersonaSummary> out = new ArrayList<>();
        for (Stored s : all()) {
            Persona last = s.versions().getLast();
            out.add(new PersonaSummary(
                    s.name(),
                    last.version(),
                    s.versions().size(),
                    last.createdAt(),
                    last.text().lines().findFirst().orElse("")));
        }
        return new PersonaList(out);
    }

    PersonaHistory history(String raw) {
        String name = name(raw);
        return new PersonaHistory(name, require(name).versions());
    }

    List<Stored> all() {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return List.of();
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(x -> x.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                try {
                    Stored st = json.readValue(f.toFile(), Stored.class);
                    if (st.versions() != null && !st.versions().isEmpty()) out.add(st);
                } catch (IOException e) {
                    // one torn file must not hide the others; show() reports it by name
                }
            }
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    java.util.Optional<Stored> load(String name) {
        Path f = dir.resolve(name + ".json");
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return java.util.Optional.empty();
        try {
            Stored s = json.readValue(f.toFile(), Stored.class);
            return s.versions() == null || s.versions().isEmpty()
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(s);
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot read persona file " + f + ": " + e.getMessage(), e);
        }
    }

    private Stored require(String name) {
        return load(name)
                .orElseThrow(
                        () -> EngineException.notFound("no persona '" + name + "'; add one with 'dispatch persona add "
                                + name + " --file FILE' (see dispatch persona list)"));
    }

    private void save(Stored s) {
        try {
            Files.createDirectories(dir);
            if (Files.isSymbolicLink(dir))
                throw EngineException.invalid(dir + " is a symbolic link; refusing to write personas");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path tmp = Files.createTempFile(dir, s.name(), ".tmp");
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
            Path target = dir.resolve(s.name() + ".json");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot write persona " + s.name() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    static String name(String raw) {
        if (raw == null || raw.isEmpty())
            throw EngineException.invalid("persona name is empty; give a name such as 'reviewer'");
        if (!NAME.matcher(raw).matches())
            throw EngineException.invalid("persona name '" + clean(raw) + "' is not valid: use 1-40 letters, digits,"
                    + " '-' or '_', starting with a letter or digit (it names a file; '/', '..', '.', '@' and spaces"
                    + " are refused)");
        return raw;
    }

    /** Checked persona text: CRLF made LF, trailing blanks trimmed; refused when blank, too long or holding control characters. */
    static String text(String raw, String what) {
        if (raw == null || raw.isBlank())
            throw EngineException.invalid(what + ": the text is empty; give it as an argument or with --file FILE");
        String t = raw.replace("\r\n", "\n").stripTrailing();
        if (t.length() > MAX_CHARS)
            throw EngineException.invalid(what + ": the text has " + t.length() + " characters; at most " + MAX_CHARS);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '\n' && c != '\t' && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'))
                throw EngineException.invalid(what + ": the text holds control character U+"
                        + String.format("%04X", (int) c) + " at line "
                        + (t.substring(0, i).split("\n", -1).length)
                        + "; only printable text, newlines and tabs are allowed");
        }
        return t;
    }

    /** A value for an error message: control characters shown as escapes. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
        return b.length() > 60 ? b.substring(0, 60) + "…" : b.toString();
    }
}

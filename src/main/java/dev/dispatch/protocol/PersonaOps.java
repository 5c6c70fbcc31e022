package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Personas: named, versioned prompts that tell an external agent who it is on the team ("reviewer:
 * read every diff, never edit"). {@code dispatch spawn --persona NAME} renders the ignition template
 * (the persona {@value #IGNITION}, or the built-in one) with the persona, the agent's name, space, token
 * variable, task and the coordination commands, and hands the result to the CLI as its first prompt.
 * Every add that changes the text is a new version; old versions stay readable.
 */
public final class PersonaOps {
    /** The persona name that holds the ignition template itself (its placeholders are checked on add). */
    public static final String IGNITION = "ignition";

    private PersonaOps() {}

    /** Add {@code text} as the next version of persona {@code name} (created when new); same text as the latest adds nothing. */
    public record AddPersona(String name, String text, String note) implements Op<AddResult> {}

    /** {@code created} is false when the text equalled the latest version's. */
    public record AddResult(Persona persona, boolean created) {}

    /** One version of a persona. */
    public record Persona(String name, int version, String text, String note, Instant createdAt) {}

    /** Persona {@code name} at {@code version} (the latest when null). */
    public record ShowPersona(String name, Integer version) implements Op<Persona> {}

    /** Every persona, latest version each. */
    public record ListPersonas() implements Op<PersonaList> {}

    public record PersonaList(List<PersonaSummary> personas) {}

    /** A persona in a list: its latest version, when that was added, how many versions, the first line. */
    public record PersonaSummary(String name, int latest, int versions, Instant updatedAt, String firstLine) {}

    /** Every version of persona {@code name}, oldest first. */
    public record ShowPersonaHistory(String name) implements Op<PersonaHistory> {}

    public record PersonaHistory(String name, List<Persona> versions) {}

    /**
     * The ignition prompt {@code dispatch spawn} would give agent {@code agent} in {@code space} with
     * {@code persona} (NAME or NAME@VERSION; none when null), {@code taskId} and {@code prompt}.
     */
    public record RenderPersona(String space, String agent, String persona, String taskId, String prompt)
            implements Op<Rendered> {}

    /** The rendered text and the persona version it used (null without a persona). */
    public record Rendered(String text, String persona, Integer version) {}
}

package dev.dispatch.session;

import dev.dispatch.protocol.EngineException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads the {@code --since} / {@code --until} values of list and search: an ISO date (local midnight),
 * an ISO instant, or an age such as {@code 7d}, {@code 12h}, {@code 30m} counted back from now.
 */
public final class SessionDates {
    private SessionDates() {}

    /** The instant {@code value} names, or null when it is null or blank. */
    public static Instant parse(String option, String value, Instant now, ZoneId zone) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.matches("\\d{1,6}[dhm]")) {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration d =
                    switch (v.charAt(v.length() - 1)) {
                        case 'd' -> Duration.ofDays(n);
                        case 'h' -> Duration.ofHours(n);
                        default -> Duration.ofMinutes(n);
                    };
            return now.minus(d);
        }
        try {
            return LocalDate.parse(v).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a date: an instant, maybe
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw EngineException.invalid(option + " '" + value + "' is not a date: use 2026-12-01,"
                    + " 2026-12-01T09:00:00Z, or an age like 7d, 12h, 30m");
        }
    }
}

package dev.dispatch.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations in config ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}) and ISO-8601 ({@code PT10S}). */
final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    static Duration parse(String text) {
        Matcher m = SIMPLE.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                Duration d = Duration.parse(text);
                if (!d.isNegative()) return d;
            } catch (DateTimeParseException ignored) {
                // falls through to the common message below
            }
        }
        String hint = text.matches("\\d+") ? " (add a unit: " + text + "s, " + text + "ms, …)" : "";
        throw new IllegalArgumentException(
                "expected a duration such as 500ms, 10s, 5m, 2h or 7d, got '" + text + "'" + hint);
    }

    /** The shortest exact form: 10s rather than PT10S, 90s rather than 1m30s. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}

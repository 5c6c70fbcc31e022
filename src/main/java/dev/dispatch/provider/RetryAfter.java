package dev.dispatch.provider;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the wait a provider asks for: {@code retry-after-ms} (OpenAI), else {@code retry-after} as
 * delta-seconds (possibly fractional) or an HTTP date. Unreadable values are ignored (backoff applies).
 */
final class RetryAfter {
    private RetryAfter() {}

    static Optional<Duration> from(HttpHeaders headers, Instant now) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            Optional<Duration> parsed = seconds(millis.get(), 1_000);
            if (parsed.isPresent()) return parsed;
        }
        return headers.firstValue("retry-after").flatMap(value -> parse(value, now));
    }

    static Optional<Duration> parse(String value, Instant now) {
        String v = value.strip();
        Optional<Duration> asSeconds = seconds(v, 1);
        if (asSeconds.isPresent()) return asSeconds;
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String v, int unitsPerSecond) {
        try {
            double amount = Double.parseDouble(v.strip());
            if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) return Optional.empty();
            return Optional.of(Duration.ofMillis(Math.round(amount * 1_000 / unitsPerSecond)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

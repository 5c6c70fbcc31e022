package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Error bodies of the servers in use, status classes, and retry-after in its three spellings. */
class FailuresTest {

    @Test
    void errorShapesOfEachServerFamily() {
        assertThat(Failures.errorDetail(
                        "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: x\"}}"))
                .containsExactly("not_found_error", "model: x");
        assertThat(Failures.errorDetail(
                        "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":null}}"))
                .containsExactly("invalid_request_error", "bad");
        assertThat(Failures.errorDetail("{\"error\":\"model 'llama9' not found\"}"))
                .containsExactly("", "model 'llama9' not found");
        assertThat(Failures.errorDetail(
                        "{\"object\":\"error\",\"message\":\"too long\",\"type\":\"BadRequestError\",\"code\":400}"))
                .containsExactly("BadRequestError", "too long");
        assertThat(Failures.errorDetail("{\"detail\":\"Not Found\"}")).containsExactly("", "Not Found");
        assertThat(Failures.errorDetail("<html>\n<body>502 Bad Gateway</body>\n</html>"))
                .containsExactly("", "<html> <body>502 Bad Gateway</body> </html>");
    }

    @Test
    void statusClasses() {
        assertThat(Failures.kindOf(401, "")).isEqualTo(ProviderFailure.Kind.AUTH);
        assertThat(Failures.kindOf(403, "")).isEqualTo(ProviderFailure.Kind.AUTH);
        assertThat(Failures.kindOf(429, "")).isEqualTo(ProviderFailure.Kind.RATE_LIMITED);
        assertThat(Failures.kindOf(529, "")).isEqualTo(ProviderFailure.Kind.OVERLOADED);
        assertThat(Failures.kindOf(503, "overloaded_error")).isEqualTo(ProviderFailure.Kind.OVERLOADED);
        assertThat(Failures.kindOf(502, "")).isEqualTo(ProviderFailure.Kind.SERVER);
        assertThat(Failures.kindOf(404, "")).isEqualTo(ProviderFailure.Kind.REQUEST);
        assertThat(Failures.kindOf(413, "")).isEqualTo(ProviderFailure.Kind.REQUEST);
    }

    @Test
    void notFoundPointsAtBaseUrlAndModel() {
        ProviderSettings settings = ProviderSettings.of("local", ProviderType.OPENAI, "llama9", 100)
                .withBaseUrl(java.net.URI.create("http://127.0.0.1:11434/v1"));

        ProviderFailure failure =
                new Failures(settings).fromStatus(404, "{\"error\":\"model 'llama9' not found\"}", Optional.empty());

        assertThat(failure.message())
                .isEqualTo("local: HTTP 404: model 'llama9' not found"
                        + " (check base_url 'http://127.0.0.1:11434/v1' and model 'llama9')");
    }

    @Test
    void retryAfterInSecondsFractionsMillisecondsAndHttpDates() {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        assertThat(RetryAfter.parse("12", now)).contains(Duration.ofSeconds(12));
        assertThat(RetryAfter.parse("1.5", now)).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse("Sat, 21 Nov 2026 12:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sat, 21 Nov 2026 11:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse("-3", now)).isEmpty();
        HttpHeaders both =
                HttpHeaders.of(Map.of("retry-after", List.of("2"), "retry-after-ms", List.of("250")), (a, b) -> true);
        assertThat(RetryAfter.from(both, now)).contains(Duration.ofMillis(250));
    }

    @Test
    void backoffStaysWithinHalfAndAllOfTheCappedStep() {
        RetryPolicy policy =
                new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(60));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.backoff(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(policy.backoff(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(policy.backoff(30)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        }
    }
}

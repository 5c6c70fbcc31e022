package dev.dispatch.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks for a local Ollama ({@code GET /api/tags}) so that a user without an API key can be offered
 * it instead of only an error. Quick and quiet: a short timeout, and any failure means "not there".
 */
public final class OllamaProbe {
    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:11434");

    private final URI baseUrl;
    private final Duration timeout;

    /** A running Ollama and the models it has pulled. */
    public record LocalOllama(URI baseUrl, List<String> models) {
        /** The OpenAI-compatible root to configure as {@code base_url}. */
        public URI openAiBaseUrl() {
            return Endpoints.join(baseUrl, "v1");
        }

        /** Settings for a provider named {@code name} using this Ollama's first model. */
        public ProviderSettings settings(String name, int maxTokens) {
            String model = models.isEmpty() ? "llama3.2" : models.get(0);
            return ProviderSettings.of(name, ProviderType.OPENAI, model, maxTokens)
                    .withBaseUrl(openAiBaseUrl());
        }

        /** The config.yaml snippet that adds it, for messages. */
        public String configSnippet() {
            String model = models.isEmpty() ? "<model>" : models.get(0);
            return "providers: { local: { type: openai, base_url: \"" + openAiBaseUrl() + "\", model: " + model
                    + " } }";
        }
    }

    public OllamaProbe(URI baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    /** The default Ollama address with a 500 ms budget. */
    public static OllamaProbe local() {
        return new OllamaProbe(DEFAULT_URL, Duration.ofMillis(500));
    }

    /**
     * The Ollama the user's environment points at: {@code OLLAMA_HOST} as the Ollama CLI reads it
     * ({@code host}, {@code host:port} or a URL; port 11434 when none), else the default address.
     */
    public static OllamaProbe fromEnvironment(java.util.Map<String, String> env, Duration timeout) {
        return new OllamaProbe(address(env.get("OLLAMA_HOST")), timeout);
    }

    /** The base URL {@code OLLAMA_HOST} names; the default address when unset or unreadable. */
    static URI address(String host) {
        if (host == null || host.isBlank()) return DEFAULT_URL;
        String h = host.strip();
        if (!h.contains("://")) h = "http://" + h;
        try {
            URI u = URI.create(h);
            if (u.getHost() == null) return DEFAULT_URL;
            String bindAll = u.getHost().equals("0.0.0.0") ? "127.0.0.1" : u.getHost();
            return new URI(u.getScheme(), null, bindAll, u.getPort() < 0 ? 11434 : u.getPort(), null, null, null);
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return DEFAULT_URL;
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public Optional<LocalOllama> probe() {
        HttpRequest request = HttpRequest.newBuilder(Endpoints.join(baseUrl, "api/tags"))
                .timeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .GET()
                .build();
        try (HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .sslContext(PlainHttp.context()) // the probe only speaks http to 127.0.0.1
                .build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) return Optional.empty();
            JsonNode models = Json.mapper().readTree(response.body()).path("models");
            if (!models.isArray()) return Optional.empty();
            List<String> names = new ArrayList<>();
            for (JsonNode model : models) {
                String name = model.path("name").asText(model.path("model").asText(""));
                if (!name.isEmpty()) names.add(name);
            }
            return Optional.of(new LocalOllama(baseUrl, List.copyOf(names)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

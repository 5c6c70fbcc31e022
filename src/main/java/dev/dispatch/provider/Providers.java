package dev.dispatch.provider;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.net.http.HttpClient;
import java.util.Optional;

/** Builds {@link Provider}s from settings, refusing up front when a required key is missing. */
public final class Providers {
    private Providers() {}

    /**
     * A provider with real retry waits. Without a required key it throws, and the message offers a
     * local Ollama if one answers on 127.0.0.1:11434.
     *
     * @throws EngineException {@link ErrorCode#INVALID} when the provider needs a key and has none
     */
    public static Provider create(ProviderSettings settings) {
        return create(settings, Sleeper.real(), OllamaProbe.local());
    }

    /** As {@link #create(ProviderSettings)}, with the retry sleeper and the Ollama probe injected. */
    public static Provider create(ProviderSettings settings, Sleeper sleeper, OllamaProbe ollama) {
        requireKey(settings, ollama);
        WireFormat wire =
                switch (settings.type()) {
                    case ANTHROPIC -> new AnthropicWire();
                    case OPENAI -> new OpenAiWire(settings.baseUrl());
                };
        HttpClient.Builder client = HttpClient.newBuilder()
                .connectTimeout(settings.timeouts().connect())
                .followRedirects(HttpClient.Redirect.NEVER);
        // a plain http endpoint never needs TLS: skip building the platform's default context
        if (PlainHttp.plain(settings.baseUrl())) client.sslContext(PlainHttp.context());
        HttpClient http = client.build();
        return new HttpProvider(settings, wire, http, sleeper);
    }

    /** @throws EngineException naming the env var and the config entry to set, plus any local Ollama */
    static void requireKey(ProviderSettings settings, OllamaProbe ollama) {
        if (settings.apiKey().isPresent() || !settings.type().requiresKey(settings.baseUrl())) return;
        throw new EngineException(ErrorCode.INVALID, missingKeyMessage(settings, ollama.probe()));
    }

    public static String missingKeyMessage(ProviderSettings settings, Optional<OllamaProbe.LocalOllama> local) {
        String message = "no API key for provider '" + settings.name() + "': set " + settings.keyEnv()
                + " or add a key entry in " + dev.dispatch.config.ConfigLoader.USER_FILE_IN_MESSAGES
                + " (keys: - { id: " + settings.name()
                + "-key, provider: " + settings.name() + ", env: " + settings.keyEnv() + " })";
        if (local.isEmpty()) return message;
        OllamaProbe.LocalOllama ollama = local.get();
        String models =
                ollama.models().isEmpty() ? "no models pulled yet" : "models: " + String.join(", ", ollama.models());
        return message + "; or use the local Ollama answering at " + ollama.baseUrl() + " (" + models + ") by adding "
                + ollama.configSnippet();
    }

    static ModelEvent.Stopped cancelled() {
        return new ModelEvent.Stopped(StopReason.CANCELLED, "cancelled");
    }
}

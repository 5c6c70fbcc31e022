package dev.dispatch.provider;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

/** One provider API's dialect: where requests go, how they are written, how answers stream back. */
interface WireFormat {

    /** The streaming endpoint under the configured base URL. */
    URI endpoint(URI baseUrl);

    /** Authentication and version headers; the key goes here and nowhere else. */
    Map<String, String> headers(ApiKey key);

    /** The JSON request body, with the settings' defaults filled in. Never contains the key. */
    byte[] encode(ModelRequest request, ProviderSettings settings);

    /** A fresh decoder for one answer, emitting content events to {@code events}. */
    StreamDecoder decoder(Consumer<ModelEvent> events);
}

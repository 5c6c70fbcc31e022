package dev.dispatch.provider;

import java.net.URI;

/** Joins a configured base URL and an API path, whether or not the user wrote a trailing slash. */
final class Endpoints {
    private Endpoints() {}

    static URI join(URI baseUrl, String path) {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }
}

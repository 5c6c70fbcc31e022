package dev.dispatch.provider;

import java.net.URI;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of an HTTP client that only ever talks to a plain {@code http://} endpoint (a local
 * Ollama, vLLM, a test server). {@link java.net.http.HttpClient} otherwise builds the platform's
 * default context when it is built: the JSSE provider and the whole CA store, ~200 classes and tens
 * of milliseconds of a cold start that no byte of the run uses. This one does nothing and refuses to
 * make a TLS connection, so a redirect to {@code https} fails loudly instead of going unverified.
 */
final class PlainHttp {
    private static final SSLContext NONE = new SSLContext(new Refusing(), null, "none") {};

    private PlainHttp() {}

    /** Whether {@code baseUrl} is plain http, so its client needs no TLS. */
    static boolean plain(URI baseUrl) {
        return baseUrl != null && "http".equalsIgnoreCase(baseUrl.getScheme());
    }

    static SSLContext context() {
        return NONE;
    }

    private static final class Refusing extends SSLContextSpi {
        /** A TLS connection from a client built for an http:// endpoint: refused, never made unverified. */
        private static IllegalStateException refused() {
            return new IllegalStateException("this provider's base_url is http://, so its client makes no TLS"
                    + " connections; use an https:// base_url for an endpoint that needs TLS");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
            // nothing to set up
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return new SSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return new SSLParameters();
        }
    }
}

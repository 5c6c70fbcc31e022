package dev.dispatch.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Where a PostgreSQL store lives ({@code store.url} or {@code DISPATCH_STORE_URL}), checked once at the
 * edge: {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?param=value…]}, the libpq form, turned
 * into the JDBC driver's URL and properties. The password never appears in {@link #toString()}.
 *
 * @param jdbc the JDBC URL without credentials
 * @param user the role to connect as
 * @param password its password, or {@code null} (trust, peer, or {@code PGPASSWORD}-less setups)
 */
public record StoreUrl(String jdbc, String user, String password, String display) {
    /**
     * Parses and checks {@code url}.
     *
     * @throws IllegalArgumentException naming the bad value and the expected form
     */
    public static StoreUrl parse(String url) {
        String form = "expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE";
        if (url == null || url.isBlank()) throw new IllegalArgumentException("store.url is empty; " + form);
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "store.url '" + redact(url) + "' is not a URL (" + e.getReason() + "); " + form);
        }
        String scheme = u.getScheme();
        if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres"))) {
            throw new IllegalArgumentException(
                    "store.url '" + redact(url) + "' has scheme '" + scheme + "'; only PostgreSQL is supported (" + form
                            + "); leave store.url unset for the embedded H2 store");
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw new IllegalArgumentException("store.url '" + redact(url) + "' names no host; " + form);
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String db = path.startsWith("/") ? path.substring(1) : path;
        if (db.isEmpty() || db.contains("/")) {
            throw new IllegalArgumentException("store.url '" + redact(url) + "' names no single database; " + form);
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            throw new IllegalArgumentException(
                    "store.url '" + redact(url) + "' has port " + u.getPort() + "; use 1-65535 (" + form + ")");
        }
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String[] up = u.getRawUserInfo().split(":", 2);
            user = decode(up[0]);
            if (up.length == 2) password = decode(up[1]);
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("store.url '" + redact(url) + "' names no user; " + form);
        }
        String jdbc = "jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/" + db
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return new StoreUrl(jdbc, user, password, redact(url));
    }

    /** The driver properties: credentials, and a bound on how long a dead server can stall a connect. */
    Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "dispatch");
        return p;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** {@code url} with any password replaced by {@code ***}, for messages and logs. */
    public static String redact(String url) {
        if (url == null) return null;
        return url.replaceFirst("(://[^:/@]*):[^@/]*@", "$1:***@");
    }

    @Override
    public String toString() {
        return display;
    }
}

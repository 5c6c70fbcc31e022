package dev.dispatch.permission;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code file:} URLs name local files: {@code curl file:///etc/passwd} reads {@code /etc/passwd} as
 * surely as {@code cat} does, and {@code curl -T x file:///etc/motd} writes it. This turns such a
 * URL into the path it names (host dropped, {@code %xx} decoded, query and fragment cut), so the
 * analyser judges it like any other path. Other schemes are network access and are left alone.
 */
final class FileUrls {
    private FileUrls() {}

    static boolean isFileUrl(String text) {
        return text.regionMatches(true, 0, "file:", 0, 5);
    }

    /** The path a {@code file:} URL word names, as a word of its own (unknown parts stay unknown). */
    static ShellToken path(ShellToken url) {
        String t = url.text();
        int start = 5;
        if (t.startsWith("//", 5)) {
            int slash = t.indexOf('/', 7);
            start = slash < 0 ? t.length() : slash;
        }
        ShellToken rest = url.drop(start);
        if (rest.pattern().indexOf(ShellToken.UNKNOWN) >= 0) return rest;
        String path = rest.text();
        int cut = indexOfAny(path, "?#");
        if (cut >= 0) path = path.substring(0, cut);
        path = decode(path);
        if (path.isEmpty()) path = "/";
        String pattern = ShellToken.escape(path);
        // curl expands {a,b} and [1-9] in URLs itself: from there on the path is unknown
        int glob = indexOfAny(path, "{[");
        if (glob >= 0) {
            int slash = path.lastIndexOf('/', glob);
            pattern = ShellToken.escape(path.substring(0, slash + 1)) + ShellToken.UNKNOWN;
        }
        return ShellToken.fromPattern(pattern, url);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

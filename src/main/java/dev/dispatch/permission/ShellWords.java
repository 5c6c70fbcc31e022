package dev.dispatch.permission;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bash's brace expansion on a word's {@link ShellToken#pattern}: {@code {a,b}}, nested braces,
 * {@code {1..3}}, {@code {a..e..2}}, with quoted braces left alone. The analyser judges every
 * alternative, the way bash would pass every one to the program. An expansion of more than
 * {@link #MAX_ALTERNATIVES} words is not followed: the caller treats the word as unknown.
 */
final class ShellWords {
    static final int MAX_ALTERNATIVES = 256;
    private static final Pattern NUMBERS = Pattern.compile("(-?[0-9]+)\\.\\.(-?[0-9]+)(?:\\.\\.(-?[0-9]+))?");
    private static final Pattern LETTERS = Pattern.compile("([A-Za-z])\\.\\.([A-Za-z])(?:\\.\\.(-?[0-9]+))?");

    private ShellWords() {}

    private static final class TooMany extends RuntimeException {
        TooMany() {
            super(null, null, false, false);
        }
    }

    /** The words {@code pattern} brace-expands to, in order; null when there would be too many. */
    static List<String> braces(String pattern) {
        List<String> out = new ArrayList<>();
        try {
            expand(pattern, out);
        } catch (TooMany e) {
            return null;
        }
        return out;
    }

    private static void expand(String s, List<String> out) {
        int from = 0;
        while (true) {
            int open = nextOpen(s, from);
            if (open < 0) {
                out.add(s);
                if (out.size() > MAX_ALTERNATIVES) throw new TooMany();
                return;
            }
            int close = matching(s, open);
            if (close < 0) {
                from = open + 1;
                continue;
            }
            List<String> alts = alternatives(s.substring(open + 1, close));
            if (alts == null) {
                from = open + 1;
                continue;
            }
            String pre = s.substring(0, open);
            String post = s.substring(close + 1);
            for (String a : alts) expand(pre + a + post, out);
            return;
        }
    }

    private static int nextOpen(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '{') return i;
        }
        return -1;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The alternatives of one brace body; null when bash would leave it literal. */
    private static List<String> alternatives(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        if (!parts.isEmpty()) {
            parts.add(body.substring(start));
            return parts;
        }
        return sequence(body);
    }

    private static List<String> sequence(String body) {
        Matcher n = NUMBERS.matcher(body);
        Matcher l = LETTERS.matcher(body);
        boolean numbers = n.matches();
        if (!numbers && !l.matches()) return null;
        Matcher m = numbers ? n : l;
        long a;
        long b;
        try {
            a = numbers ? Long.parseLong(m.group(1)) : m.group(1).charAt(0);
            b = numbers ? Long.parseLong(m.group(2)) : m.group(2).charAt(0);
        } catch (NumberFormatException e) {
            throw new TooMany();
        }
        long step = m.group(3) == null ? 1 : Math.abs(parseStep(m.group(3)));
        if (step == 0) step = 1;
        long count = Math.abs(b - a) / step + 1;
        if (count > MAX_ALTERNATIVES) throw new TooMany();
        int width = numbers && (m.group(1).matches("-?0[0-9]+") || m.group(2).matches("-?0[0-9]+"))
                ? Math.max(m.group(1).length(), m.group(2).length())
                : 0;
        List<String> out = new ArrayList<>();
        long dir = b >= a ? step : -step;
        for (long v = a, i = 0; i < count; v += dir, i++) {
            String s = numbers ? Long.toString(v) : ShellToken.escape(String.valueOf((char) v));
            if (width > 0 && s.length() < width) s = "0".repeat(width - s.length()) + s;
            out.add(s);
        }
        return out;
    }

    private static long parseStep(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new TooMany();
        }
    }

    /** Whether a pattern component has an unquoted glob character or an unknown value. */
    static boolean active(String component) {
        return ShellToken.hasActiveGlob(component) || component.indexOf(ShellToken.UNKNOWN) >= 0;
    }
}

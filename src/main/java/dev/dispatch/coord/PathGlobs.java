package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether two reservation patterns can match a common path. Patterns are slash-separated;
 * {@code **} as a whole component matches any number of components, {@code *} any run of characters
 * within one component, {@code ?} one character. Plain resource names ({@code db:prod}) are patterns
 * without wildcards. Whatever this cannot reason about precisely ({@code [...]} classes, {@code {a,b}}
 * alternatives) is widened, so an uncertain answer is always "they overlap": a false conflict costs a
 * retry, a missed one lets two agents write the same file.
 */
public final class PathGlobs {
    private static final String ANY_COMPONENTS = "**";

    private PathGlobs() {}

    /** Checks a pattern a user gave and returns it unchanged; errors name the pattern and the fix. */
    public static String validate(String pattern) {
        Inputs.id("pattern", pattern);
        if (pattern.indexOf('\\') >= 0) {
            throw EngineException.invalid(
                    "pattern '" + pattern + "' contains a backslash; use '/' between path components");
        }
        for (String part : pattern.split("/", -1)) {
            if (part.equals("..")) {
                throw EngineException.invalid(
                        "pattern '" + pattern + "' has a '..' component; name paths from the project root");
            }
        }
        return pattern;
    }

    /** True when some path could match both patterns. */
    public static boolean overlap(String a, String b) {
        return componentsOverlap(components(a), components(b));
    }

    /** Components with empty and "." parts dropped, so "./src//a" and "src/a" are the same set. */
    static List<String> components(String pattern) {
        // {a/b,c} alternatives may hold slashes, so their component count is unknown: match anything.
        if (pattern.indexOf('{') >= 0) return List.of(ANY_COMPONENTS);
        List<String> out = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            out.add(widen(part));
        }
        return out;
    }

    /** Replaces constructs matched only approximately by wider ones ({@code [ab]} → ?, {@code a**b} → a*b). */
    private static String widen(String part) {
        if (part.equals(ANY_COMPONENTS)) return part;
        if (part.contains("**")) part = part.replaceAll("\\*{2,}", "*");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < part.length(); i++) {
            char ch = part.charAt(i);
            int close = ch == '[' ? part.indexOf(']', i + 2) : -1;
            if (close > 0) {
                out.append('?');
                i = close;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Walks both component lists; ** may absorb zero or more components of the other side. */
    private static boolean componentsOverlap(List<String> a, List<String> b) {
        Set<Long> seen = new HashSet<>();
        Deque<int[]> todo = new ArrayDeque<>();
        todo.push(new int[] {0, 0});
        while (!todo.isEmpty()) {
            int[] s = todo.pop();
            int i = s[0];
            int j = s[1];
            if (!seen.add(((long) i << 32) | j)) continue;
            boolean aDone = i == a.size();
            boolean bDone = j == b.size();
            if (aDone && bDone) return true;
            boolean aStar = !aDone && a.get(i).equals(ANY_COMPONENTS);
            boolean bStar = !bDone && b.get(j).equals(ANY_COMPONENTS);
            if (aStar) {
                todo.push(new int[] {i + 1, j});
                if (!bDone) todo.push(new int[] {i, j + 1});
            }
            if (bStar) {
                todo.push(new int[] {i, j + 1});
                if (!aDone) todo.push(new int[] {i + 1, j});
            }
            if (!aStar && !bStar && !aDone && !bDone && segmentsOverlap(a.get(i), b.get(j))) {
                todo.push(new int[] {i + 1, j + 1});
            }
        }
        return false;
    }

    /**
     * True when some string matches both one-component globs: a search over pairs of positions (the
     * product of the two patterns' automata), where * may stay put while the other side advances.
     */
    static boolean segmentsOverlap(String p, String q) {
        Set<Long> seen = new HashSet<>();
        Deque<int[]> todo = new ArrayDeque<>();
        todo.push(new int[] {0, 0});
        while (!todo.isEmpty()) {
            int[] s = todo.pop();
            int i = s[0];
            int j = s[1];
            if (!seen.add(((long) i << 32) | j)) continue;
            boolean pDone = i == p.length();
            boolean qDone = j == q.length();
            if (pDone && qDone) return true;
            char pc = pDone ? 0 : p.charAt(i);
            char qc = qDone ? 0 : q.charAt(j);
            // * matches the empty string: skip it without consuming a character.
            if (!pDone && pc == '*') todo.push(new int[] {i + 1, j});
            if (!qDone && qc == '*') todo.push(new int[] {i, j + 1});
            if (pDone || qDone) continue;
            // Both sides consume one common character; a * consumes it and stays.
            boolean pAny = pc == '*' || pc == '?';
            boolean qAny = qc == '*' || qc == '?';
            if (pAny || qAny || pc == qc) {
                todo.push(new int[] {pc == '*' ? i : i + 1, qc == '*' ? j : j + 1});
            }
        }
        return false;
    }
}

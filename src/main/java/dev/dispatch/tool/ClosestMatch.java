package dev.dispatch.tool;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds the region of a file that most resembles a snippet the model expected to find, so a failed
 * edit can show the model what the file really says there. Windows of as many lines as the snippet
 * are scored line by line with the Dice coefficient of character bigrams after trimming (cheap, and
 * forgiving of the usual culprits: indentation, a renamed variable, a changed literal).
 */
final class ClosestMatch {
    /** Files longer than this are not searched: the error says so instead. */
    static final int MAX_LINES = 50_000;

    /** A region of the file: lines {@code first..last} (1-based), and how alike it is (0..1). */
    record Region(int first, int last, double similarity) {}

    private ClosestMatch() {}

    static Region find(String[] fileLines, String[] wanted) {
        int window = Math.max(1, wanted.length);
        if (fileLines.length == 0 || fileLines.length > MAX_LINES) return null;
        Map<String, Map<String, Integer>> cache = new HashMap<>();
        Region best = null;
        for (int start = 0; start + Math.min(window, fileLines.length) <= fileLines.length; start++) {
            double sum = 0;
            int span = Math.min(window, fileLines.length);
            for (int i = 0; i < span; i++) {
                sum += dice(cache, fileLines[start + i].strip(), i < wanted.length ? wanted[i].strip() : "");
            }
            double score = sum / window;
            if (best == null || score > best.similarity()) best = new Region(start + 1, start + span, score);
        }
        return best;
    }

    private static double dice(Map<String, Map<String, Integer>> cache, String a, String b) {
        if (a.equals(b)) return 1;
        if (a.length() < 2 || b.length() < 2) return 0;
        Map<String, Integer> x = cache.computeIfAbsent(a, ClosestMatch::bigrams);
        Map<String, Integer> y = cache.computeIfAbsent(b, ClosestMatch::bigrams);
        int common = 0;
        for (var e : x.entrySet()) common += Math.min(e.getValue(), y.getOrDefault(e.getKey(), 0));
        return 2.0 * common / (a.length() - 1 + b.length() - 1);
    }

    private static Map<String, Integer> bigrams(String s) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + 1 < s.length(); i++) counts.merge(s.substring(i, i + 2), 1, Integer::sum);
        return counts;
    }
}

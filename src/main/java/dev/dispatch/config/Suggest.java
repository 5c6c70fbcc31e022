package dev.dispatch.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?": the known name nearest to a typo by edit distance, when it is near enough. */
final class Suggest {
    private Suggest() {}

    static Optional<String> nearest(String typo, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(typo.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // A suggestion further than a third of the word away is noise, not help.
        int limit = Math.max(2, typo.length() / 3);
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    static String hint(String typo, Collection<String> known) {
        return nearest(typo, known).map(n -> " (did you mean '" + n + "'?)").orElse("");
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit ("modle" → "model"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

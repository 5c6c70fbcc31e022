package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code @} in a prompt: {@code @path} attaches that project file's text to the message (the
 * transcript shows the prompt as typed; the agent gets the files after it), and an {@code @name} first
 * word naming an agent in the tree sends the message to that agent. Also the fuzzy completion of
 * {@code @path} as it is typed, over a file list walked in the background (never on the key's thread).
 */
final class Mentions {
    /** All attachments of one message together may not exceed this many characters. */
    static final int MAX_TOTAL_CHARS = 1024 * 1024;

    static final int MAX_FILES = 20_000;
    private static final Pattern MENTION = Pattern.compile("(?<![^\\s])@([^\\s@]+)");

    private final MentionFiles files;
    private final Executor executor;
    private volatile Index known;
    /** The last query ranked, its index, and which paths (positions) matched it: a longer query narrows those. */
    private String lastQuery;

    private Index lastIndex;
    private int[] lastMatches;
    private volatile boolean loading;

    Mentions(MentionFiles files, Executor executor) {
        this.files = files;
        this.executor = executor;
    }

    /** The message to send: {@code text} for the agent (files attached) and who gets it; or an error. */
    record Resolved(String text, String agentId, String error) {}

    Resolved resolve(String typed, ViewModel vm) {
        String text = typed;
        String agentId = null;
        // 1) "@name rest": a message for that agent
        Matcher first = Pattern.compile("^@([^\\s@]+)(\\s+|$)").matcher(text);
        if (first.find()) {
            AgentView a = agentNamed(vm, first.group(1));
            if (a != null) {
                agentId = a.id;
                text = text.substring(first.end());
                if (text.isBlank())
                    return new Resolved(
                            null, null, "Say something to " + a.label() + " after @" + first.group(1) + ".");
            }
        }
        // 2) every other @path: its file's text follows the prompt
        Set<String> paths = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String p = trimPunctuation(m.group(1));
            if (!p.isEmpty() && agentNamed(vm, p) == null) paths.add(p);
        }
        if (paths.isEmpty()) return new Resolved(text, agentId, null);
        StringBuilder out = new StringBuilder(text);
        int total = 0;
        for (String p : paths) {
            String content;
            try {
                content = files.read(p);
            } catch (IllegalArgumentException e) {
                return new Resolved(null, null, e.getMessage() + ". Nothing was sent.");
            }
            total += content.length();
            if (total > MAX_TOTAL_CHARS)
                return new Resolved(
                        null,
                        null,
                        "The mentioned files are over " + (MAX_TOTAL_CHARS / 1024)
                                + " KB together: mention fewer. Nothing was sent.");
            out.append("\n\n<file path=\"").append(p).append("\">\n").append(content);
            if (!content.endsWith("\n")) out.append('\n');
            out.append("</file>");
        }
        return new Resolved(out.toString(), agentId, null);
    }

    private static AgentView agentNamed(ViewModel vm, String name) {
        for (AgentView a : vm.agents.values()) if (name.equals(a.name)) return a;
        return null;
    }

    private static String trimPunctuation(String s) {
        int end = s.length();
        while (end > 0 && ",.;:!?)]}'\"".indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(0, end);
    }

    /** The walked files and their lower-case forms (ranked on every key: computed once per walk). */
    private record Index(List<String> paths, List<String> lower) {}

    /** Walks the project's files in the background (at start, and after each message: agents change files). */
    void refresh() {
        if (loading) return;
        loading = true;
        executor.execute(() -> {
            try {
                List<String> paths = files.list(MAX_FILES);
                List<String> lower = new ArrayList<>(paths.size());
                for (String p : paths) lower.add(p.toLowerCase(Locale.ROOT));
                known = new Index(List.copyOf(paths), lower);
            } finally {
                loading = false;
            }
        });
    }

    /** The {@code @word} the cursor is in (without the @), or null. */
    static String wordAt(InputState in) {
        int start = in.cursor;
        while (start > 0 && !Character.isWhitespace(in.text.charAt(start - 1))) start--;
        if (start >= in.text.length() || in.text.charAt(start) != '@') return null;
        int end = in.cursor;
        while (end < in.text.length() && !Character.isWhitespace(in.text.charAt(end))) end++;
        if (end != in.cursor) return null; // only while typing at the word's end
        return in.text.substring(start + 1, end);
    }

    /** Replaces the {@code @word} at the cursor with {@code @choice } (a trailing space ends the mention). */
    static void accept(InputState in, String choice) {
        int start = in.cursor;
        while (start > 0 && !Character.isWhitespace(in.text.charAt(start - 1))) start--;
        in.text.replace(start, in.cursor, "@" + choice + " ");
        in.cursor = start + choice.length() + 2;
    }

    /** Agent names then files matching {@code query}, best first, at most {@code max}; null while files load. */
    List<String> complete(String query, ViewModel vm, int max) {
        List<String> out = new ArrayList<>();
        for (AgentView a : vm.agents.values()) {
            if (a.name != null && !a.name.equals(a.id) && a.name.startsWith(query)) out.add(a.name);
        }
        Index index = known;
        if (index == null) {
            refresh();
            return out.isEmpty() ? null : out;
        }
        String q = query.toLowerCase(Locale.ROOT);
        // a query that extends the last one can only match among the last one's matches
        boolean narrower = index == lastIndex && lastQuery != null && q.startsWith(lastQuery);
        int n = narrower ? lastMatches.length : index.paths().size();
        int[] matches = new int[n];
        int found = 0;
        // the best `max` so far, worst first: ranking 20,000 files keeps `max` entries, never a full sort
        java.util.PriorityQueue<long[]> best = new java.util.PriorityQueue<>(
                Comparator.<long[]>comparingLong(e -> e[0]).thenComparing(e -> -e[1]));
        for (int k = 0; k < n; k++) {
            int i = narrower ? lastMatches[k] : k;
            int sc = score(q, index.lower().get(i), index.paths().get(i).length());
            if (sc == Integer.MIN_VALUE) continue;
            matches[found++] = i;
            best.add(new long[] {sc, i});
            if (best.size() > max) best.poll();
        }
        lastQuery = q;
        lastIndex = index;
        lastMatches = Arrays.copyOf(matches, found);
        List<long[]> ranked = new ArrayList<>(best);
        ranked.sort(Comparator.<long[]>comparingLong(e -> -e[0])
                .thenComparing(e -> index.paths().get((int) e[1])));
        for (long[] e : ranked) {
            if (out.size() >= max) break;
            out.add(index.paths().get((int) e[1]));
        }
        return out;
    }

    /**
     * Fuzzy score of {@code path} for {@code q} (lower case): every query character must appear in order;
     * runs of consecutive characters, matches at a segment start and in the file name score higher,
     * longer paths a little lower. {@link Integer#MIN_VALUE} when it does not match.
     */
    static int score(String q, String path) {
        return score(q, path.toLowerCase(Locale.ROOT), path.length());
    }

    /** {@link #score(String, String)} over a path already in lower case. */
    private static int score(String q, String p, int length) {
        if (q.isEmpty()) return -length;
        int nameStart = p.lastIndexOf('/') + 1;
        int score = 0;
        int at = -1;
        int run = 0;
        for (int i = 0; i < q.length(); i++) {
            int found = p.indexOf(q.charAt(i), at + 1);
            if (found < 0) return Integer.MIN_VALUE;
            run = found == at + 1 ? run + 1 : 0;
            score += 1 + run * 4;
            if (found == 0 || "/._-".indexOf(p.charAt(found - 1)) >= 0) score += 6;
            if (found >= nameStart) score += 3;
            at = found;
        }
        if (p.startsWith(q, nameStart)) score += 20;
        return score * 10 - length;
    }
}

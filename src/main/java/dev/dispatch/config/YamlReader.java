package dev.dispatch.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one YAML config file into a located {@link Node} tree by walking Jackson's YAML tokens, keeping
 * each token's line and column. Bad YAML, an empty file, several documents and duplicate keys are
 * reported as {@link ConfigException}s naming the place.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final int MAX_DEPTH = 32;
    private static final Pattern MARK = Pattern.compile("line (\\d+), column (\\d+)");

    /** Same bound as {@link ConfigFiles#CONFIG_LIMIT}, for text that did not come from a file. */
    static final int MAX_CHARS = (int) ConfigFiles.CONFIG_LIMIT;

    /**
     * SnakeYAML copies its whole look-ahead window every 1,024 characters while one token grows, so a
     * single long line costs time quadratic in its length (a 16 MB value took 79 s). Bounding the line
     * bounds that window: parsing is then linear in the file's size.
     */
    static final int MAX_LINE = 64 * 1024;

    private final Origin.Kind kind;
    private final String file;

    private YamlReader(Origin.Kind kind, String file) {
        this.kind = kind;
        this.file = file;
    }

    /** The root mapping of {@code text}; {@code file} is the name shown in errors. */
    static Node.Mapping read(String text, Origin.Kind kind, String file) {
        return new YamlReader(kind, file).read(text);
    }

    private Node.Mapping read(String text) {
        Origin whole = Origin.wholeFile(kind, file);
        checkSize(text, whole);
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                throw fail(whole, "the file is empty; add settings (see 'dispatch config show') or delete it");
            }
            Node root = node(p, 0);
            if (!(root instanceof Node.Mapping m)) {
                throw fail(
                        root.at(),
                        "expected a mapping of settings (key: value) at the top, got " + Node.describe(root));
            }
            if (p.nextToken() != null) {
                throw fail(at(p.currentTokenLocation()), "only one YAML document per file; remove the extra '---'");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw fail(problemAt(e, whole), "invalid YAML: " + summary(e.getOriginalMessage()));
        } catch (IOException e) {
            throw fail(whole, "cannot read: " + e.getMessage());
        }
    }

    /** Refuses text too long in all or in one line before the parser sees it; one linear scan. */
    private void checkSize(String text, Origin whole) {
        if (text.length() > MAX_CHARS) {
            throw fail(
                    whole,
                    "the file has " + text.length() + " characters, over the limit of " + MAX_CHARS
                            + "; keep config small and put long text in a prompt_file");
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && text.charAt(i) != '\n') continue;
            if (i - start > MAX_LINE) {
                throw fail(
                        Origin.file(kind, file, line, 1),
                        "line " + line + " has " + (i - start)
                                + " characters, over the limit of " + MAX_LINE + "; break it (a YAML block scalar '|'"
                                + " keeps line breaks) or put long text in a prompt_file");
            }
            line++;
            start = i + 1;
        }
    }

    private Node node(JsonParser p, int depth) throws IOException {
        Origin at = at(p.currentTokenLocation());
        if (depth > MAX_DEPTH) throw fail(at, "nested deeper than " + MAX_DEPTH + " levels");
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
            // Anchors are rare in config, and aliases let a small file expand hugely; spell values out.
            throw fail(at, "YAML aliases (*" + p.getText() + ") are not supported in config; write the value out");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                List<Node.Entry> entries = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Origin keyAt = at(p.currentTokenLocation());
                    if (!seen.add(key)) throw fail(keyAt, "duplicate key '" + key + "'; keep one");
                    p.nextToken();
                    entries.add(new Node.Entry(key, keyAt, node(p, depth + 1)));
                }
                return new Node.Mapping(List.copyOf(entries), at);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(node(p, depth + 1));
                return new Node.Sequence(List.copyOf(items), at);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(null, at);
            }
            default -> {
                return new Node.Scalar(p.getText(), at);
            }
        }
    }

    private Origin at(JsonLocation loc) {
        return Origin.file(kind, file, loc.getLineNr(), loc.getColumnNr());
    }

    private static ConfigException fail(Origin where, String message) {
        return new ConfigException(List.of(new ConfigProblem(where, "", message)));
    }

    /**
     * SnakeYAML's message ends with the mark of the actual problem ("line 2, column 1"), which is more
     * precise than the context location Jackson reports; prefer it.
     */
    private Origin problemAt(JsonProcessingException e, Origin whole) {
        Matcher m = MARK.matcher(String.valueOf(e.getOriginalMessage()));
        Origin found = null;
        while (m.find()) found = Origin.file(kind, file, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (found != null) return found;
        JsonLocation loc = e.getLocation();
        return loc == null ? whole : at(loc);
    }

    /** The problem lines of a SnakeYAML message, without its location and source excerpt lines. */
    private static String summary(String message) {
        if (message == null) return "unreadable";
        List<String> parts = new ArrayList<>();
        for (String line : message.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("in 'reader'") || t.startsWith("^") || line.startsWith(" ")) continue;
            parts.add(t);
        }
        return parts.isEmpty() ? message.strip() : String.join("; ", parts);
    }
}

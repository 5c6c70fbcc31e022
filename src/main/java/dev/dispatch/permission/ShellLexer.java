package dev.dispatch.permission;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a POSIX-shell command line into {@link ShellToken}s the way bash would: quotes and escapes
 * removed, operators and redirects split off, comments dropped, here-doc bodies attached to their
 * redirect. It never evaluates anything; what the shell would expand ({@code $VAR}, {@code $(…)},
 * backticks, globs) is flagged on the word so the analyser can refuse to guess. Input it cannot
 * read (an unterminated quote, an unbalanced {@code $(}) is a {@link ShellSyntaxException}.
 */
final class ShellLexer {
    private final String src;
    private int pos;
    private final List<ShellToken> out = new ArrayList<>();
    /** Here-docs whose bodies start after the next newline: index of the delimiter word in out. */
    private final List<Integer> pendingHereDocs = new ArrayList<>();

    private ShellLexer(String src) {
        this.src = src;
    }

    static List<ShellToken> tokenize(String command) {
        ShellLexer lexer = new ShellLexer(command);
        lexer.run();
        return lexer.out;
    }

    private void run() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && peek(1) == '\n') {
                pos += 2;
            } else if (c == '\n') {
                pos++;
                out.add(ShellToken.op("\n"));
                readHereDocs();
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else if (!operator() && !redirect()) {
                word();
            }
        }
        if (!pendingHereDocs.isEmpty()) throw new ShellSyntaxException("here-document without its body or end marker");
    }

    private boolean operator() {
        for (String op : List.of("&&", "||", "|&", ";;", "|", "&", ";", "(", ")")) {
            if (src.startsWith(op, pos)) {
                // '&>' is a redirect, '>(' / '<(' are words (process substitution)
                if (op.equals("&") && peek(1) == '>') return false;
                pos += op.length();
                out.add(ShellToken.op(op));
                return true;
            }
        }
        return false;
    }

    private boolean redirect() {
        int start = pos;
        int p = pos;
        while (p < src.length() && Character.isDigit(src.charAt(p))) p++;
        if (p >= src.length()) return false;
        char c = src.charAt(p);
        if (c != '<' && c != '>' && !(c == '&' && p == start)) return false;
        if ((c == '<' || c == '>') && p + 1 < src.length() && src.charAt(p + 1) == '(') return false;
        for (String op : List.of("&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", ">&", ">>", ">|", "<", ">")) {
            if (src.startsWith(op, p)) {
                if (op.startsWith("&") && p != start) return false;
                pos = p + op.length();
                out.add(ShellToken.redirect(src.substring(start, pos)));
                if (op.equals("<<") || op.equals("<<-")) hereDocAfterNextWord();
                return true;
            }
        }
        return false;
    }

    private void hereDocAfterNextWord() {
        while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) pos++;
        if (pos >= src.length() || "\n;&|()<>".indexOf(src.charAt(pos)) >= 0) {
            throw new ShellSyntaxException("'<<' needs an end marker word");
        }
        word();
        pendingHereDocs.add(out.size() - 1);
    }

    private void readHereDocs() {
        for (int index : pendingHereDocs) {
            ShellToken marker = out.get(index);
            boolean stripTabs = out.get(index - 1).text().endsWith("<<-");
            StringBuilder body = new StringBuilder();
            boolean ended = false;
            while (pos < src.length() && !ended) {
                int eol = src.indexOf('\n', pos);
                String line = src.substring(pos, eol < 0 ? src.length() : eol);
                pos = eol < 0 ? src.length() : eol + 1;
                String compared = stripTabs ? line.replaceFirst("^\t+", "") : line;
                if (compared.equals(marker.text())) ended = true;
                else body.append(line).append('\n');
            }
            if (!ended) throw new ShellSyntaxException("here-document ends before its marker '" + marker.text() + "'");
            // an unquoted marker means the body is expanded like a double-quoted string
            boolean live = !marker.quoted();
            boolean subst = live && (body.indexOf("$(") >= 0 || body.indexOf("`") >= 0);
            boolean expands = live && body.indexOf("$") >= 0;
            out.set(
                    index,
                    new ShellToken(
                            ShellToken.Kind.WORD,
                            marker.text(),
                            expands,
                            subst,
                            false,
                            marker.quoted(),
                            body.toString(),
                            marker.pattern()));
        }
        pendingHereDocs.clear();
    }

    private void word() {
        StringBuilder text = new StringBuilder();
        StringBuilder pattern = new StringBuilder();
        boolean expands = false;
        boolean subst = false;
        boolean glob = false;
        boolean quoted = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '|' || c == ')') break;
            if (c == '&') break;
            if ((c == '<' || c == '>')) {
                if (peek(1) != '(') break;
                skipBalanced(pos + 1);
                subst = true;
                pattern.append(ShellToken.UNKNOWN);
                continue;
            }
            if (c == '(') {
                // 'name()' function definitions and other bare parentheses inside a word
                throw new ShellSyntaxException("unexpected '(' in '" + text + "('");
            }
            switch (c) {
                case '\'' -> {
                    int end = src.indexOf('\'', pos + 1);
                    if (end < 0) throw new ShellSyntaxException("unterminated single quote");
                    text.append(src, pos + 1, end);
                    pattern.append(ShellToken.escape(src.substring(pos + 1, end)));
                    pos = end + 1;
                    quoted = true;
                }
                case '"' -> {
                    quoted = true;
                    pos++;
                    while (true) {
                        if (pos >= src.length()) throw new ShellSyntaxException("unterminated double quote");
                        char d = src.charAt(pos);
                        if (d == '"') {
                            pos++;
                            break;
                        }
                        if (d == '\\' && pos + 1 < src.length() && "$`\"\\\n".indexOf(src.charAt(pos + 1)) >= 0) {
                            if (src.charAt(pos + 1) != '\n') {
                                text.append(src.charAt(pos + 1));
                                pattern.append(ShellToken.escape(String.valueOf(src.charAt(pos + 1))));
                            }
                            pos += 2;
                        } else if (d == '$' || d == '`') {
                            int before = pos;
                            subst |= dollarOrBacktick();
                            expands = true;
                            text.append(src, before, pos);
                            pattern.append(ShellToken.UNKNOWN);
                        } else {
                            text.append(d);
                            pattern.append(ShellToken.escape(String.valueOf(d)));
                            pos++;
                        }
                    }
                }
                case '\\' -> {
                    if (pos + 1 >= src.length()) {
                        pos++;
                    } else {
                        if (src.charAt(pos + 1) != '\n') {
                            text.append(src.charAt(pos + 1));
                            pattern.append(ShellToken.escape(String.valueOf(src.charAt(pos + 1))));
                        }
                        quoted = true;
                        pos += 2;
                    }
                }
                case '$', '`' -> {
                    int before = pos;
                    subst |= dollarOrBacktick();
                    expands = true;
                    text.append(src, before, pos);
                    pattern.append(ShellToken.UNKNOWN);
                }
                default -> {
                    if (c == '*' || c == '?' || c == '[') glob = true;
                    text.append(c);
                    pattern.append(c);
                    pos++;
                }
            }
        }
        out.add(new ShellToken(
                ShellToken.Kind.WORD, text.toString(), expands, subst, glob, quoted, null, pattern.toString()));
    }

    /** Consumes a {@code $…} or backtick expansion at pos; true when it runs a command. */
    private boolean dollarOrBacktick() {
        char c = src.charAt(pos);
        if (c == '`') {
            int end = pos + 1;
            while (end < src.length() && src.charAt(end) != '`') end += src.charAt(end) == '\\' ? 2 : 1;
            if (end >= src.length()) throw new ShellSyntaxException("unterminated backtick substitution");
            pos = end + 1;
            return true;
        }
        char next = peek(1);
        if (next == '(') {
            int start = pos;
            boolean arithmetic = peek(2) == '(';
            skipBalanced(pos + 1);
            String inner = src.substring(start + 3, pos);
            // $(( … )) only computes, unless a command substitution hides inside it
            return !arithmetic || inner.contains("$(") || inner.contains("`");
        }
        if (next == '{') {
            int end = src.indexOf('}', pos);
            if (end < 0) throw new ShellSyntaxException("unterminated ${");
            String inner = src.substring(pos, end);
            pos = end + 1;
            return inner.contains("$(") || inner.contains("`");
        }
        pos++;
        if (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        } else if (pos < src.length() && "?$!#*@-".indexOf(src.charAt(pos)) >= 0) {
            pos++;
        }
        return false;
    }

    /** Skips from the '(' at open to its matching ')', minding quotes; pos ends after it. */
    private void skipBalanced(int open) {
        int depth = 0;
        int p = open;
        while (p < src.length()) {
            char c = src.charAt(p);
            if (c == '\\') {
                p += 2;
                continue;
            }
            if (c == '\'') {
                int end = src.indexOf('\'', p + 1);
                if (end < 0) break;
                p = end + 1;
                continue;
            }
            if (c == '(') depth++;
            if (c == ')' && --depth == 0) {
                pos = p + 1;
                return;
            }
            p++;
        }
        throw new ShellSyntaxException("unbalanced '(' in a substitution");
    }

    private char peek(int ahead) {
        int p = pos + ahead;
        return p < src.length() ? src.charAt(p) : '\0';
    }
}

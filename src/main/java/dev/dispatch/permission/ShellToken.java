package dev.dispatch.permission;

/**
 * One token of a shell command line as {@link ShellLexer} cuts it: a word (its text after quote
 * removal, plus what the shell would still expand in it), an operator ({@code ; && || | & ( )} or a
 * newline), or a redirect operator with its optional file descriptor.
 *
 * @param text a word's literal value (quotes removed, escapes applied); an operator's symbol
 * @param expands the word contains an unquoted or double-quoted {@code $VAR}, {@code ${…}} or a glob
 *     the analyser cannot evaluate; its value is then unknown
 * @param substitution the word contains {@code $(…)}, backticks, or {@code <(…)}/{@code >(…)}
 * @param glob the word has an unquoted {@code * ? [} and names every file it matches
 * @param quoted some part of the word was quoted (an assignment or keyword only counts unquoted)
 * @param hereDoc for {@code <<} redirects: the body text, so substitutions in it can be seen
 * @param pattern the word as the shell will expand it: characters that were quoted or escaped (and so
 *     are literal) carry a backslash before them when they are special ({@code \ * ? [ ] { } , ~ $}),
 *     and every expansion ({@code $VAR}, {@code ${…}}, {@code $(…)}, backticks, {@code <(…)}) is one
 *     {@link #UNKNOWN} character, so brace expansion and globs can be judged exactly
 */
record ShellToken(
        Kind kind,
        String text,
        boolean expands,
        boolean substitution,
        boolean glob,
        boolean quoted,
        String hereDoc,
        String pattern) {
    /** Stands in {@link #pattern} for a value the analyser cannot know (a variable, a substitution). */
    static final char UNKNOWN = '\0';

    static final String SPECIAL = "\\*?[]{},~$";

    enum Kind {
        WORD,
        OPERATOR,
        REDIRECT
    }

    ShellToken {
        if (pattern == null) pattern = escape(text);
    }

    ShellToken(
            Kind kind,
            String text,
            boolean expands,
            boolean substitution,
            boolean glob,
            boolean quoted,
            String hereDoc) {
        this(kind, text, expands, substitution, glob, quoted, hereDoc, null);
    }

    static ShellToken op(String symbol) {
        return new ShellToken(Kind.OPERATOR, symbol, false, false, false, false, null);
    }

    static ShellToken redirect(String symbol) {
        return new ShellToken(Kind.REDIRECT, symbol, false, false, false, false, null);
    }

    /** A word made by the analyser from a pattern (a brace alternative, an option's value). */
    static ShellToken fromPattern(String pattern, ShellToken origin) {
        String text = unescape(pattern, origin);
        boolean unknown = pattern.indexOf(UNKNOWN) >= 0;
        return new ShellToken(
                Kind.WORD,
                text,
                unknown,
                unknown && origin.substitution,
                hasActiveGlob(pattern),
                origin.quoted,
                null,
                pattern);
    }

    boolean isOp(String symbol) {
        return kind == Kind.OPERATOR && text.equals(symbol);
    }

    boolean isWord() {
        return kind == Kind.WORD;
    }

    ShellToken withHereDoc(String body) {
        return new ShellToken(kind, text, expands, substitution, glob, quoted, body, pattern);
    }

    /**
     * This word without its first {@code n} characters of text (an option's name), keeping the
     * pattern in step; when those characters are not plain the rest counts as unknown.
     */
    ShellToken drop(int n) {
        int p = 0;
        for (int t = 0; t < n; t++) {
            if (p >= pattern.length() || pattern.charAt(p) == UNKNOWN) {
                return fromPattern(String.valueOf(UNKNOWN), this);
            }
            p += pattern.charAt(p) == '\\' ? 2 : 1;
        }
        return fromPattern(pattern.substring(Math.min(p, pattern.length())), this);
    }

    /** Quotes every special character: the pattern of a fully literal text. */
    static String escape(String text) {
        if (text == null) return "";
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) b.append('\\');
            if (c == UNKNOWN) b.append('\\');
            b.append(c);
        }
        return b.toString();
    }

    /** The literal text of a pattern; unknown parts show as {@code $?}. */
    static String unescape(String pattern, ShellToken origin) {
        StringBuilder b = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                b.append(pattern.charAt(++i));
            } else if (c == UNKNOWN) {
                b.append("$?");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Whether the pattern has an unquoted {@code * ? [}. */
    static boolean hasActiveGlob(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') i++;
            else if (c == '*' || c == '?' || (c == '[' && PathPattern.classEnd(pattern, i) > 0)) return true;
        }
        return false;
    }
}

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
 */
record ShellToken(
        Kind kind, String text, boolean expands, boolean substitution, boolean glob, boolean quoted, String hereDoc) {
    enum Kind {
        WORD,
        OPERATOR,
        REDIRECT
    }

    static ShellToken op(String symbol) {
        return new ShellToken(Kind.OPERATOR, symbol, false, false, false, false, null);
    }

    static ShellToken redirect(String symbol) {
        return new ShellToken(Kind.REDIRECT, symbol, false, false, false, false, null);
    }

    boolean isOp(String symbol) {
        return kind == Kind.OPERATOR && text.equals(symbol);
    }

    boolean isWord() {
        return kind == Kind.WORD;
    }

    ShellToken withHereDoc(String body) {
        return new ShellToken(kind, text, expands, substitution, glob, quoted, body);
    }
}

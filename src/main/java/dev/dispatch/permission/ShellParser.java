package dev.dispatch.permission;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns {@link ShellToken}s into the simple commands bash would run, in order: each with its
 * {@code VAR=x} prefixes, its words, its redirects, how deep in {@code ( … )} subshells it sits (a
 * {@code cd} there does not outlive the subshell) and whether it is part of a pipeline (likewise).
 * Compound syntax is flattened: {@code if}/{@code while}/{@code { }} keywords are skipped so the
 * commands inside are still judged; constructs that hide what runs (subshells, function
 * definitions, {@code case}, {@code for} loops) add a concern, which makes the policy ask.
 */
final class ShellParser {
    private static final Set<String> SKIPPED_KEYWORDS =
            Set.of("if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}");
    private static final Set<String> OPAQUE_KEYWORDS = Set.of("for", "select", "case", "esac", "function", "coproc");

    /** One simple command as parsed; words are tokens so the analyser sees quoting and expansions. */
    record Simple(
            List<ShellToken> assignments, List<ShellToken> words, List<Redirect> redirects, int depth, boolean piped) {}

    /** A redirect: its operator ({@code >}, {@code 2>>}, {@code <<}, {@code >&}) and target word. */
    record Redirect(String op, ShellToken target) {}

    /** The commands in order, and concerns about constructs that hide what will run. */
    record Parsed(List<Simple> commands, List<String> concerns) {}

    private ShellParser() {}

    static Parsed parse(String command) {
        List<ShellToken> tokens = ShellLexer.tokenize(command);
        List<Simple> commands = new ArrayList<>();
        List<String> concerns = new ArrayList<>();
        List<ShellToken> assignments = new ArrayList<>();
        List<ShellToken> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        int depth = 0;
        boolean piped = false;
        boolean skipping = false;
        for (int i = 0; i < tokens.size(); i++) {
            ShellToken t = tokens.get(i);
            switch (t.kind()) {
                case REDIRECT -> {
                    if (i + 1 >= tokens.size() || !tokens.get(i + 1).isWord()) {
                        throw new ShellSyntaxException("redirect '" + t.text() + "' has no target");
                    }
                    redirects.add(new Redirect(t.text(), tokens.get(++i)));
                }
                case WORD -> {
                    boolean atStart = words.isEmpty() && assignments.isEmpty();
                    if (atStart && !t.quoted() && SKIPPED_KEYWORDS.contains(t.text())) continue;
                    if (skipping) continue;
                    if (atStart && !t.quoted() && OPAQUE_KEYWORDS.contains(t.text())) {
                        concerns.add("'" + t.text() + "' constructs are not analysed");
                        // 'for x in WORDS', 'case WORD in': a list of values, not a command
                        skipping = !t.text().equals("coproc") && !t.text().equals("function");
                        continue;
                    }
                    if (words.isEmpty() && isAssignment(t.text())) assignments.add(t);
                    else words.add(t);
                }
                case OPERATOR -> {
                    skipping = false;
                    boolean pipe = t.isOp("|") || t.isOp("|&");
                    if (t.isOp("(")) {
                        if (!words.isEmpty()) {
                            concerns.add("function definition '" + words.get(0).text() + "()' is not analysed");
                        } else {
                            concerns.add("runs a subshell ( … )");
                        }
                        depth++;
                        continue;
                    }
                    flush(commands, assignments, words, redirects, depth, piped || pipe);
                    assignments = new ArrayList<>();
                    words = new ArrayList<>();
                    redirects = new ArrayList<>();
                    piped = pipe;
                    if (t.isOp(")")) {
                        if (depth == 0) throw new ShellSyntaxException("')' without a matching '('");
                        depth--;
                    }
                    if (t.isOp(";;")) concerns.add("'case' constructs are not analysed");
                }
            }
        }
        if (depth != 0) throw new ShellSyntaxException("'(' without a matching ')'");
        flush(commands, assignments, words, redirects, depth, piped);
        return new Parsed(commands, concerns);
    }

    private static void flush(
            List<Simple> out,
            List<ShellToken> assignments,
            List<ShellToken> words,
            List<Redirect> redirects,
            int depth,
            boolean piped) {
        if (assignments.isEmpty() && words.isEmpty() && redirects.isEmpty()) return;
        out.add(new Simple(List.copyOf(assignments), List.copyOf(words), List.copyOf(redirects), depth, piped));
    }

    static boolean isAssignment(String word) {
        int eq = word.indexOf('=');
        if (eq <= 0) return false;
        String name = word.endsWith("+=") || word.substring(0, eq).endsWith("+")
                ? word.substring(0, eq - 1)
                : word.substring(0, eq);
        return name.matches("[A-Za-z_][A-Za-z0-9_]*");
    }
}

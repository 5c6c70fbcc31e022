package dev.dispatch.tui;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Colours code in fenced blocks: keywords, strings, comments and numbers of common languages (java,
 * kotlin, python, js/ts, shell, json, yaml, go, rust, c/c++). A small scanner over the whole block,
 * not a parser: enough to read code at a glance, and it never fails (an unknown language, or an
 * unclosed string in a half-streamed block, is just less colourful).
 */
final class Highlighter {
    /** How one language writes comments, strings and keywords. */
    private record Lang(
            Set<String> keywords, String line, boolean block, String quotes, boolean triple, boolean keys) {}

    private static final Set<String> C_LIKE_LITERALS = Set.of("true", "false", "null");

    private static final Lang JAVA = new Lang(
            Set.of(
                    "abstract",
                    "assert",
                    "boolean",
                    "break",
                    "byte",
                    "case",
                    "catch",
                    "char",
                    "class",
                    "const",
                    "continue",
                    "default",
                    "do",
                    "double",
                    "else",
                    "enum",
                    "extends",
                    "final",
                    "finally",
                    "float",
                    "for",
                    "if",
                    "implements",
                    "import",
                    "instanceof",
                    "int",
                    "interface",
                    "long",
                    "new",
                    "package",
                    "private",
                    "protected",
                    "public",
                    "record",
                    "return",
                    "sealed",
                    "permits",
                    "short",
                    "static",
                    "super",
                    "switch",
                    "synchronized",
                    "this",
                    "throw",
                    "throws",
                    "try",
                    "var",
                    "void",
                    "volatile",
                    "while",
                    "yield",
                    "true",
                    "false",
                    "null",
                    "fun",
                    "val",
                    "when",
                    "object",
                    "override"),
            "//",
            true,
            "\"'",
            false,
            false);
    private static final Lang PYTHON = new Lang(
            Set.of(
                    "and",
                    "as",
                    "assert",
                    "async",
                    "await",
                    "break",
                    "class",
                    "continue",
                    "def",
                    "del",
                    "elif",
                    "else",
                    "except",
                    "finally",
                    "for",
                    "from",
                    "global",
                    "if",
                    "import",
                    "in",
                    "is",
                    "lambda",
                    "nonlocal",
                    "not",
                    "or",
                    "pass",
                    "raise",
                    "return",
                    "try",
                    "while",
                    "with",
                    "yield",
                    "True",
                    "False",
                    "None",
                    "self",
                    "match",
                    "case"),
            "#",
            false,
            "\"'",
            true,
            false);
    private static final Lang JS = new Lang(
            Set.of(
                    "async",
                    "await",
                    "break",
                    "case",
                    "catch",
                    "class",
                    "const",
                    "continue",
                    "debugger",
                    "default",
                    "delete",
                    "do",
                    "else",
                    "export",
                    "extends",
                    "finally",
                    "for",
                    "from",
                    "function",
                    "if",
                    "import",
                    "in",
                    "instanceof",
                    "interface",
                    "let",
                    "new",
                    "of",
                    "return",
                    "static",
                    "super",
                    "switch",
                    "this",
                    "throw",
                    "try",
                    "type",
                    "typeof",
                    "var",
                    "void",
                    "while",
                    "yield",
                    "true",
                    "false",
                    "null",
                    "undefined",
                    "enum",
                    "implements",
                    "private",
                    "public",
                    "readonly",
                    "as"),
            "//",
            true,
            "\"'`",
            false,
            false);
    private static final Lang SHELL = new Lang(
            Set.of(
                    "if",
                    "then",
                    "else",
                    "elif",
                    "fi",
                    "for",
                    "while",
                    "until",
                    "do",
                    "done",
                    "case",
                    "esac",
                    "in",
                    "function",
                    "return",
                    "export",
                    "local",
                    "readonly",
                    "set",
                    "unset",
                    "echo",
                    "exit",
                    "cd",
                    "source",
                    "shift",
                    "trap"),
            "#",
            false,
            "\"'",
            false,
            false);
    private static final Lang JSON = new Lang(C_LIKE_LITERALS, null, false, "\"", false, true);
    private static final Lang YAML =
            new Lang(Set.of("true", "false", "null", "yes", "no", "on", "off", "~"), "#", false, "\"'", false, true);
    private static final Lang GO = new Lang(
            Set.of(
                    "break",
                    "case",
                    "chan",
                    "const",
                    "continue",
                    "default",
                    "defer",
                    "else",
                    "fallthrough",
                    "for",
                    "func",
                    "go",
                    "goto",
                    "if",
                    "import",
                    "interface",
                    "map",
                    "package",
                    "range",
                    "return",
                    "select",
                    "struct",
                    "switch",
                    "type",
                    "var",
                    "true",
                    "false",
                    "nil",
                    "string",
                    "int",
                    "error",
                    "bool",
                    "byte"),
            "//",
            true,
            "\"'`",
            false,
            false);
    private static final Lang RUST = new Lang(
            Set.of(
                    "as",
                    "async",
                    "await",
                    "break",
                    "const",
                    "continue",
                    "crate",
                    "dyn",
                    "else",
                    "enum",
                    "extern",
                    "false",
                    "fn",
                    "for",
                    "if",
                    "impl",
                    "in",
                    "let",
                    "loop",
                    "match",
                    "mod",
                    "move",
                    "mut",
                    "pub",
                    "ref",
                    "return",
                    "self",
                    "Self",
                    "static",
                    "struct",
                    "super",
                    "trait",
                    "true",
                    "type",
                    "unsafe",
                    "use",
                    "where",
                    "while",
                    "Some",
                    "None",
                    "Ok",
                    "Err",
                    "u8",
                    "u32",
                    "u64",
                    "i32",
                    "i64",
                    "usize",
                    "str",
                    "String",
                    "bool"),
            "//",
            true,
            "\"",
            false,
            false);
    private static final Lang C = new Lang(
            Set.of(
                    "auto",
                    "break",
                    "case",
                    "char",
                    "const",
                    "continue",
                    "default",
                    "do",
                    "double",
                    "else",
                    "enum",
                    "extern",
                    "float",
                    "for",
                    "goto",
                    "if",
                    "inline",
                    "int",
                    "long",
                    "register",
                    "return",
                    "short",
                    "signed",
                    "sizeof",
                    "static",
                    "struct",
                    "switch",
                    "typedef",
                    "union",
                    "unsigned",
                    "void",
                    "volatile",
                    "while",
                    "class",
                    "namespace",
                    "public",
                    "private",
                    "protected",
                    "template",
                    "typename",
                    "virtual",
                    "new",
                    "delete",
                    "nullptr",
                    "true",
                    "false",
                    "NULL",
                    "bool",
                    "#include",
                    "#define",
                    "#ifdef",
                    "#ifndef",
                    "#endif",
                    "#if",
                    "#else",
                    "#pragma",
                    "using",
                    "std"),
            "//",
            true,
            "\"'",
            false,
            false);

    private static final Map<String, Lang> BY_NAME = Map.ofEntries(
            Map.entry("java", JAVA),
            Map.entry("kotlin", JAVA),
            Map.entry("kt", JAVA),
            Map.entry("scala", JAVA),
            Map.entry("python", PYTHON),
            Map.entry("py", PYTHON),
            Map.entry("python3", PYTHON),
            Map.entry("javascript", JS),
            Map.entry("js", JS),
            Map.entry("jsx", JS),
            Map.entry("mjs", JS),
            Map.entry("typescript", JS),
            Map.entry("ts", JS),
            Map.entry("tsx", JS),
            Map.entry("cjs", JS),
            Map.entry("shell", SHELL),
            Map.entry("sh", SHELL),
            Map.entry("bash", SHELL),
            Map.entry("zsh", SHELL),
            Map.entry("console", SHELL),
            Map.entry("shellsession", SHELL),
            Map.entry("json", JSON),
            Map.entry("jsonc", JSON),
            Map.entry("yaml", YAML),
            Map.entry("yml", YAML),
            Map.entry("go", GO),
            Map.entry("golang", GO),
            Map.entry("rust", RUST),
            Map.entry("rs", RUST),
            Map.entry("c", C),
            Map.entry("h", C),
            Map.entry("cpp", C),
            Map.entry("c++", C),
            Map.entry("cc", C),
            Map.entry("hpp", C),
            Map.entry("cxx", C));

    private Highlighter() {}

    /** Whether {@code lang} (a fence's info word or a file extension) is one this colours. */
    static boolean knows(String lang) {
        return lang != null && BY_NAME.containsKey(lang.toLowerCase(Locale.ROOT));
    }

    /** {@code code} styled for {@code lang}; unknown languages come back in {@code base} alone. */
    static Styled highlight(String code, String lang, Style base) {
        Styled out = new Styled(code, base);
        Lang l = lang == null ? null : BY_NAME.get(lang.toLowerCase(Locale.ROOT));
        if (l != null) scan(code, l, out);
        return out;
    }

    private static void scan(String s, Lang l, Styled out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (l.line() != null && s.startsWith(l.line(), i) && (l != SHELL || i == 0 || !isWord(s.charAt(i - 1)))) {
                int end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.style(i, end, Style.COMMENT);
                i = end;
            } else if (l.block() && s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.style(i, end, Style.COMMENT);
                i = end;
            } else if (l.triple() && (s.startsWith("\"\"\"", i) || s.startsWith("'''", i))) {
                int end = s.indexOf(s.substring(i, i + 3), i + 3);
                end = end < 0 ? n : end + 3;
                out.style(i, end, Style.STRING);
                i = end;
            } else if (l.quotes().indexOf(c) >= 0 && !(c == '\'' && l == JAVA && !charLiteral(s, i))) {
                int end = stringEnd(s, i, c);
                out.style(i, end, l.keys() && isKey(s, end) ? Style.KEYWORD : Style.STRING);
                i = end;
            } else if (Character.isDigit(c) && (i == 0 || !isWord(s.charAt(i - 1)))) {
                int end = i;
                while (end < n && (isWord(s.charAt(end)) || s.charAt(end) == '.')) end++;
                out.style(i, end, Style.NUMBER);
                i = end;
            } else if (isWord(c) || (c == '#' && l == C)) {
                int end = i + 1;
                while (end < n && isWord(s.charAt(end))) end++;
                String word = s.substring(i, end);
                if (l.keywords().contains(word)) out.style(i, end, Style.KEYWORD);
                else if (l == YAML && isKey(s, end) && lineStartOrDash(s, i)) out.style(i, end, Style.KEYWORD);
                else if (l == SHELL && i > 0 && s.charAt(i - 1) == '$') out.style(i - 1, end, Style.KEYWORD);
                i = end;
            } else {
                i++;
            }
        }
    }

    /** A quoted string ends at its unescaped closing quote, or at the line's end (unclosed while streaming). */
    private static int stringEnd(String s, int start, char q) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == q) return i + 1;
            if (c == '\n' && q != '`') return i;
            i++;
        }
        return s.length();
    }

    private static boolean charLiteral(String s, int i) {
        return i + 2 < s.length() && (s.charAt(i + 2) == '\'' || s.charAt(i + 1) == '\\');
    }

    /** A JSON/YAML key: followed (after spaces) by a colon. */
    private static boolean isKey(String s, int end) {
        int i = end;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i < s.length() && s.charAt(i) == ':';
    }

    private static boolean lineStartOrDash(String s, int i) {
        int j = i - 1;
        while (j >= 0 && (s.charAt(j) == ' ' || s.charAt(j) == '-')) j--;
        return j < 0 || s.charAt(j) == '\n';
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}

package dev.dispatch.config;

/**
 * Where a config value came from, shown by {@code dispatch config show} and in every error:
 * {@code default}, {@code ~/.config/dispatch/config.yaml:3:7}, {@code env DISPATCH_X}, {@code flag --set}.
 *
 * @param source the file's display name, the env var or the flag; empty for defaults
 * @param line 1-based line in a file, 0 otherwise
 * @param column 1-based column in a file, 0 otherwise
 */
public record Origin(Kind kind, String source, int line, int column) {
    /** The layer a value came from, in precedence order (later wins). */
    public enum Kind {
        DEFAULT,
        USER_FILE,
        PROJECT_FILE,
        ENV,
        FLAG
    }

    public static final Origin DEFAULT = new Origin(Kind.DEFAULT, "", 0, 0);

    public static Origin file(Kind kind, String file, int line, int column) {
        return new Origin(kind, file, line, column);
    }

    public static Origin env(String var) {
        return new Origin(Kind.ENV, var, 0, 0);
    }

    public static Origin flag(String flag) {
        return new Origin(Kind.FLAG, flag, 0, 0);
    }

    /** A location without line and column, for whole-file problems such as an empty file. */
    public static Origin wholeFile(Kind kind, String file) {
        return new Origin(kind, file, 0, 0);
    }

    public boolean isFile() {
        return kind == Kind.USER_FILE || kind == Kind.PROJECT_FILE;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DEFAULT -> "default";
            case ENV -> "env " + source;
            case FLAG -> "flag " + source;
            case USER_FILE, PROJECT_FILE -> line > 0 ? source + ":" + line + ":" + column : source;
        };
    }
}

package dev.dispatch.config;

/**
 * One thing wrong with the configuration, phrased for the user: where, which key, what and the fix.
 * Printed as {@code dispatch.yaml:12:5: unknown key 'modle' (did you mean 'model'?)}.
 *
 * @param key the dotted key concerned, or empty when the problem is the whole file
 */
public record ConfigProblem(Origin where, String key, String message) {
    @Override
    public String toString() {
        String at = where.kind() == Origin.Kind.DEFAULT ? "config" : where.toString();
        return at + ": " + message;
    }
}

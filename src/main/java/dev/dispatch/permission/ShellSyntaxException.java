package dev.dispatch.permission;

/** A command line the shell analyser cannot read; the policy then asks, quoting this reason. */
final class ShellSyntaxException extends RuntimeException {
    ShellSyntaxException(String message) {
        super(message);
    }
}

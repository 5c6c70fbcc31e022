package dev.dispatch.permission;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words that name another machine, not a local file: {@code curl http://x}, {@code git clone
 * git@host:o/r.git}, {@code scp f user@host:/tmp}, {@code rsync -a d/ host::module}. Only for programs
 * that really read such words as remote (a {@code cat http://x} opens the local path {@code http:/x}
 * and is judged as one). A remote target is network access: shown as such by {@code permission explain},
 * cut by the sandbox when {@code permissions.network} is false, never judged as a path of the project.
 * {@code file:} URLs are local files ({@link FileUrls}) and never remote.
 */
final class RemoteTargets {
    private RemoteTargets() {}

    /** Programs that take URLs ({@code scheme://…}) as network addresses. */
    private static final Set<String> URL_CLIENTS = Set.of(
            "curl",
            "wget",
            "git",
            "scp",
            "rsync",
            "ssh",
            "sftp",
            "ftp",
            "lftp",
            "http",
            "https",
            "xh",
            "aria2c",
            "svn",
            "hg",
            "pip",
            "pip3",
            "npm",
            "npx",
            "pnpm",
            "yarn",
            "go",
            "cargo",
            "gh",
            "httpie",
            "websocat");

    /** Programs that also read {@code [user@]host:path} (and ssh's {@code [user@]host}) as remote. */
    private static final Set<String> SCP_LIKE = Set.of("scp", "rsync", "sftp", "git", "ssh");

    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.*", Pattern.DOTALL);
    /** {@code host:path}: a colon before any slash, a host of at least two characters (not {@code C:}). */
    private static final Pattern HOST_PATH = Pattern.compile("([^/@:\\s]+@)?[^/:\\s]{2,}:.*", Pattern.DOTALL);

    private static final Pattern USER_HOST = Pattern.compile("[^/@:\\s]+@[^/:\\s]+", Pattern.DOTALL);

    /** Whether {@code program} reads {@code word} (literal text, no glob or variable) as another machine. */
    static boolean isRemote(String program, String word) {
        if (program == null || word.isEmpty() || FileUrls.isFileUrl(word) || word.startsWith("-")) return false;
        String p = program.toLowerCase(Locale.ROOT);
        if (!URL_CLIENTS.contains(p)) return false;
        if (URL.matcher(word).matches()) return true;
        if (!SCP_LIKE.contains(p)) return false;
        if (word.startsWith("./") || word.startsWith("/") || word.startsWith("~")) return false;
        return HOST_PATH.matcher(word).matches()
                || (p.equals("ssh") && USER_HOST.matcher(word).matches());
    }
}

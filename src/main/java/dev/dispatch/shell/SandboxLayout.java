package dev.dispatch.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bubblewrap argv for one command, built as an allow-list: an empty root with the system's
 * runtime directories read-only, a fresh {@code /proc} of a new PID namespace, a minimal
 * {@code /dev}, private {@code /tmp} and {@code /var/tmp}, an empty {@code $HOME} holding only the
 * configured paths, the project and grants writable, git's executable parts read-only, Dispatch's
 * own directories covered, and the root remounted read-only. Nothing else of the host exists inside.
 * Mounts apply in order, so parents go before children and the covers go last.
 */
final class SandboxLayout {
    /** Read-only system directories, bound where they are real directories. */
    private static final List<String> SYSTEM = List.of("/usr", "/etc", "/opt", "/nix", "/sys");
    /** Top-level links of merged-/usr systems ({@code /bin -> usr/bin}); bound instead where they are directories. */
    private static final List<String> LINKED = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** Root-only secrets under /etc: covered, although root could read them on the host. */
    private static final List<String> ETC_SECRETS = List.of(
            "/etc/shadow",
            "/etc/shadow-",
            "/etc/gshadow",
            "/etc/gshadow-",
            "/etc/security/opasswd",
            "/etc/ssl/private",
            "/etc/sudoers",
            "/etc/sudoers.d");
    /** Never shown from the host, whatever a list says: they would undo the PID namespace or the fresh /dev. */
    private static final List<Path> NEVER = List.of(Path.of("/proc"), Path.of("/dev"), Path.of("/sys"));

    private final List<String> argv = new ArrayList<>();

    private SandboxLayout() {}

    /** Namespaces and process options; {@code userns}: also a user namespace, and (when supported) no nested ones. */
    static List<String> argv(Path bwrap, Sandbox.Spec spec, Sandbox.Features features) {
        SandboxLayout l = new SandboxLayout();
        l.add(bwrap.toString(), "--unshare-pid", "--unshare-ipc", "--unshare-uts");
        if (features.userNamespace()) l.add("--unshare-user");
        if (features.disableUserns()) l.add("--disable-userns");
        if (spec.network() == Sandbox.Spec.Network.OFF) l.add("--unshare-net");
        l.add("--die-with-parent", "--new-session", "--cap-drop", "ALL");
        l.system();
        l.add("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp");
        List<Path> bound = l.binds(spec);
        l.gitGuards(spec.writable(), bound);
        l.covers(spec.hidden(), bound);
        l.add("--remount-ro", "/", "--");
        return List.copyOf(l.argv);
    }

    private void system() {
        for (String dir : SYSTEM) {
            if (Files.isDirectory(Path.of(dir))) add("--ro-bind", dir, dir);
        }
        for (String top : LINKED) {
            Path p = Path.of(top);
            try {
                if (Files.isSymbolicLink(p))
                    add("--symlink", Files.readSymbolicLink(p).toString(), top);
                else if (Files.isDirectory(p)) add("--ro-bind", top, top);
            } catch (IOException e) {
                // unreadable link: the directory is simply absent inside
            }
        }
        for (String secret : ETC_SECRETS) {
            Path p = Path.of(secret);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) add("--tmpfs", secret);
            else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) add("--ro-bind", "/dev/null", secret);
        }
        for (String host : List.of("/etc/ssh")) {
            try (var keys = Files.newDirectoryStream(Path.of(host), "ssh_host_*_key")) {
                for (Path k : keys) add("--ro-bind", "/dev/null", k.toString());
            } catch (IOException | RuntimeException e) {
                // no host keys here
            }
        }
        // resolv.conf often links into /run, which is not shown: show the directory it names
        Path resolv = Path.of("/etc/resolv.conf");
        try {
            if (Files.isSymbolicLink(resolv)) {
                Path dir = resolv.toRealPath().getParent();
                if (dir != null && !dir.startsWith("/etc") && !dir.startsWith("/usr") && allowed(dir)) {
                    add("--ro-bind", dir.toString(), dir.toString());
                }
            }
        } catch (IOException e) {
            // a dangling link: no name resolution inside, as outside
        }
    }

    /** The home tmpfs and every bind, parents first; returns the real paths bound. */
    private List<Path> binds(Sandbox.Spec spec) {
        record Mount(String op, Path source, Path dest) {}
        Map<Path, Mount> mounts = new LinkedHashMap<>();
        for (Path w : spec.writable()) {
            Path real = real(w);
            if (real != null && allowed(real)) mounts.put(real, new Mount("--bind", real, real));
        }
        for (Path r : spec.readable()) {
            Path real = real(r);
            if (real != null && allowed(real)) mounts.putIfAbsent(real, new Mount("--ro-bind", real, real));
        }
        List<Path> bound = List.copyOf(mounts.keySet());
        Path home = spec.home();
        if (home != null
                && home.isAbsolute()
                && home.getNameCount() > 0
                && allowed(home)
                && bound.stream().noneMatch(home::startsWith)) {
            mounts.putIfAbsent(home, new Mount("--tmpfs", null, home));
        }
        // a listed path that is a link (~/.m2 -> /data/m2): also show the link, where nothing bound holds it
        for (Path p : concat(spec.readable(), spec.writable())) {
            Path lexical = p.toAbsolutePath().normalize();
            Path real = real(p);
            if (real != null
                    && !real.equals(lexical)
                    && !mounts.containsKey(lexical)
                    && bound.stream().noneMatch(b -> lexical.startsWith(b) && !lexical.equals(b))) {
                mounts.put(lexical, new Mount("--symlink", real, lexical));
            }
        }
        mounts.values().stream()
                .sorted(Comparator.comparingInt(m -> m.dest().getNameCount()))
                .forEach(m -> {
                    if (m.op().equals("--tmpfs")) add("--tmpfs", m.dest().toString());
                    else add(m.op(), m.source().toString(), m.dest().toString());
                });
        return bound;
    }

    /** git's executable parts of each writable directory's repository, read-only. */
    private void gitGuards(List<Path> writable, List<Path> bound) {
        for (Path w : writable) {
            Path real = real(w);
            if (real == null || !bound.contains(real)) continue;
            Path dotGit = real.resolve(".git");
            if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS))
                add("--ro-bind", dotGit.toString(), dotGit.toString());
            for (Path gitDir : GitGuard.gitDirs(real)) {
                // the git dir bound onto itself is a mount point: it cannot be renamed away and rebuilt
                add("--bind", gitDir.toString(), gitDir.toString());
                for (Path g : GitGuard.guarded(gitDir)) add("--ro-bind", g.toString(), g.toString());
            }
        }
    }

    /** Dispatch's directories, covered wherever a bound path would show them. */
    private void covers(List<Path> hidden, List<Path> bound) {
        for (Path h : hidden) {
            Path real = real(h);
            if (real == null || bound.stream().noneMatch(b -> real.startsWith(b) || b.startsWith(real))) continue;
            if (Files.isDirectory(real)) add("--tmpfs", real.toString());
            else add("--ro-bind", "/dev/null", real.toString());
        }
    }

    /** Whether a listed path may be shown: never the root itself nor what the sandbox makes fresh. */
    static boolean allowed(Path real) {
        if (real.getNameCount() == 0) return false;
        return NEVER.stream().noneMatch(real::startsWith);
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void add(String... parts) {
        argv.addAll(List.of(parts));
    }
}

package dev.dispatch.worktree;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The git command line, for what JGit cannot do: JGit has no {@code worktree add/remove}, cannot read a
 * linked worktree's own index and HEAD, and has no {@code merge-tree --write-tree} (a merge computed
 * without touching the index or the files). Arguments go to git as an argument vector, never a shell.
 */
final class Git {
    /** A finished git run. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Git() {}

    static Result run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.quotepath=off", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("LC_ALL", "C");
        // status would otherwise take the worktree's index.lock to refresh it, and an agent's own
        // 'git add' or 'git commit' in that worktree then fails ("index.lock: File exists")
        pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
        // a merge commit must not open an editor in the owner's terminal
        pb.environment().put("GIT_EDITOR", "true");
        pb.environment().put("GIT_MERGE_AUTOEDIT", "no");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EngineException(ErrorCode.INTERNAL, "git " + String.join(" ", args) + " took over 60 s");
            }
            return new Result(
                    p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot run git (" + e.getMessage() + "); install git and put it on PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.INTERNAL, "interrupted while running git");
        }
    }

    /** Runs git and returns its output, or throws with git's own message. */
    static String ok(Path dir, String what, String... args) {
        Result r = run(dir, args);
        if (!r.ok()) throw new EngineException(ErrorCode.CONFLICT, what + ": " + firstLine(r.err(), r.out()));
        return r.out();
    }

    static String firstLine(String... texts) {
        for (String t : texts) {
            String s = t.strip();
            if (!s.isEmpty()) return s.lines().findFirst().orElse(s);
        }
        return "(no output)";
    }
}

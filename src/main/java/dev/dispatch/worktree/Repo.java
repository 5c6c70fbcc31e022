package dev.dispatch.worktree;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The main repository holding a path, opened with JGit: its root, the agent worktrees' directory, and
 * the refs JGit reads well (HEAD, branches, the base recorded for each agent branch in git config).
 */
final class Repo implements AutoCloseable {
    static final String DIR = ".dispatch/worktrees";
    static final String BRANCH_PREFIX = "dispatch/";

    final Path root;
    final Repository jgit;

    private Repo(Path root, Repository jgit) {
        this.root = root;
        this.jgit = jgit;
    }

    /** The main repository holding {@code project} (also when {@code project} is inside an agent worktree). */
    static Repo at(String project) {
        if (project == null || project.isBlank())
            throw EngineException.invalid("project directory is empty; run the command inside a git repository");
        Path start = Path.of(project);
        if (!start.isAbsolute()) throw EngineException.invalid("project directory '" + project + "' is not absolute");
        start = start.normalize();
        if (!Files.isDirectory(start))
            throw EngineException.invalid("project directory '" + project + "' does not exist");
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(start.toFile());
        File gitDir = b.getGitDir();
        if (gitDir == null)
            throw EngineException.invalid(
                    "'" + start + "' is not inside a git repository; run 'git init' there (and commit once) first");
        // a linked worktree's git dir names the common one in "commondir": agents' worktrees live in the main one
        Path common = gitDir.toPath();
        Path commondir = common.resolve("commondir");
        try {
            if (Files.isRegularFile(commondir))
                common = common.resolve(Files.readString(commondir).strip()).normalize();
            Repository repo = new FileRepositoryBuilder()
                    .setGitDir(common.toFile())
                    .setMustExist(true)
                    .build();
            if (repo.isBare()) {
                repo.close();
                throw EngineException.invalid(
                        "'" + common + "' is a bare repository; agent worktrees need a work tree");
            }
            return new Repo(repo.getWorkTree().toPath().toRealPath(), repo);
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot open the repository at " + common + ": " + e.getMessage(), e);
        }
    }

    /** Where agent {@code name}'s worktree lives; refuses when a directory on the way is a symbolic link. */
    Path worktreePath(String name) {
        Path dir = root.resolve(DIR);
        for (Path p : new Path[] {root.resolve(".dispatch"), dir, dir.resolve(name)}) {
            if (Files.isSymbolicLink(p))
                throw EngineException.invalid(p + " is a symbolic link; agent worktrees must be real directories under "
                        + root.resolve(DIR) + " (remove the link)");
        }
        return dir.resolve(name);
    }

    String branch(String name) {
        return BRANCH_PREFIX + name;
    }

    /** The commit {@code ref} names, or null. */
    ObjectId resolve(String ref) {
        try {
            return jgit.resolve(ref);
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot read " + ref + ": " + e.getMessage(), e);
        }
    }

    boolean isWorktreeDir(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(p.resolve(".git"), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() {
        jgit.close();
    }
}

package dev.dispatch.store;

/**
 * When the store rewrites its file ({@link FileRewrite}). H2 appends a chunk per commit and, with space
 * reuse off, never writes into the space of dead ones, so the file is live data plus garbage that only a
 * rewrite reclaims. A rewrite pauses reads and writes for as long as it takes to copy the live data, so
 * under load it waits until the garbage is worth it: the file has reached {@link #REWRITE_AT_BYTES} and
 * four times the live data. The pause grows with the live data and so does the garbage between two
 * rewrites, so the share of time spent rewriting depends only on the write rate and this factor (it falls
 * as 1 / (factor - 1)): bench/coord-claim.sh with 22 MB live data spent ~25 % of its time in rewrites at
 * 3× and ~15 % at 4× (3,004 → 3,397 cycles/s). When the writer is idle, or the store closes, smaller garbage is reclaimed
 * too, so a resting or closed store holds little more than its data.
 */
final class RewritePolicy {
    /**
     * The file size at which a busy store rewrites (bytes). 24 MiB keeps the file of a store with a few MiB
     * of live data under 64 MB at any write rate: a rewrite starts after the commit that crosses it. Tests
     * lower it to make rewrites frequent.
     */
    static final long REWRITE_AT_BYTES = 24L << 20;

    /** The garbage an idle or closing store reclaims, however small the store (bytes). */
    static final long RESTING_SLACK_BYTES = 4L << 20;

    /** When the writer is asked: after a commit, after a quiet spell, or at close. */
    enum Moment {
        AFTER_COMMIT,
        IDLE,
        CLOSE
    }

    private final long rewriteAt;
    private final long restingSlack;
    private volatile long live;

    /**
     * @param liveEstimate the live data in the file as opened (bytes); an overestimate only delays a rewrite
     * @param rewriteAt the file size at which a busy store rewrites ({@link #REWRITE_AT_BYTES} in production)
     * @param restingSlack the garbage an idle or closing store reclaims ({@link #RESTING_SLACK_BYTES})
     */
    RewritePolicy(long liveEstimate, long rewriteAt, long restingSlack) {
        this.live = liveEstimate;
        this.rewriteAt = rewriteAt;
        this.restingSlack = restingSlack;
    }

    boolean due(long fileBytes, Moment moment) {
        return switch (moment) {
            case AFTER_COMMIT -> fileBytes >= Math.max(rewriteAt, 4 * live);
            case IDLE, CLOSE -> fileBytes - live >= Math.max(restingSlack, live / 2);
        };
    }

    /** A rewrite left a file of {@code bytes}: that is now the live data. */
    void rewritten(long bytes) {
        live = bytes;
    }

    long live() {
        return live;
    }
}

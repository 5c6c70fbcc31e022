package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Approvals (ARCHITECTURE.md §6): an agent asks a question with options, the operator decides, and
 * the time it waited is recorded ({@code decidedAt − requestedAt}).
 */
public final class ApprovalOps {
    private ApprovalOps() {}

    public enum State {
        pending,
        decided
    }

    /** Ask {@code question}; {@code options} empty means {@code yes}/{@code no}. */
    public record RequestParams(String space, String agent, String question, List<String> options)
            implements Op<ApprovalView> {}

    public record ListParams(String space, Filter filter) implements Op<ListResult> {}

    public enum Filter {
        pending,
        all
    }

    public record ListResult(List<ApprovalView> approvals) {}

    /** Decide approval {@code id} with one of its options. */
    public record DecideParams(String space, String id, String option, String note) implements Op<ApprovalView> {}

    /** {@code waitMillis} is set once decided. */
    public record ApprovalView(
            String id,
            String space,
            String agent,
            String question,
            List<String> options,
            State state,
            String decision,
            String note,
            Instant requestedAt,
            Instant decidedAt,
            Long waitMillis) {}
}

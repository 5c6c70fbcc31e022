package dev.dispatch.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
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
    public record RequestApproval(String space, String agent, String question, List<String> options)
            implements Op<ApprovalView> {}

    public record ListApprovals(String space, Filter filter) implements Op<ListResult> {}

    public enum Filter {
        pending,
        all
    }

    public record ListResult(List<ApprovalView> approvals) {}

    /** Decide approval {@code id} with one of its options. */
    public record DecideApproval(String space, String id, String option, String note) implements Op<ApprovalView> {}

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

    // the journal events of approvals (docs/cli-json-share.md): the wire name is the record's name

    /** An agent asked the operator; on the wire its data is the {@link ApprovalView} itself. */
    public record ApprovalRequested(@JsonValue ApprovalView approval) implements Journaled {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public ApprovalRequested {}
    }

    /** The operator decided; on the wire its data is the {@link ApprovalView} after the decision. */
    public record ApprovalDecided(@JsonValue ApprovalView approval) implements Journaled {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public ApprovalDecided {}
    }

    /** The journal events of this domain, one record each (a face can take them all in one case). */
    public sealed interface Journaled extends JournalPayload permits ApprovalRequested, ApprovalDecided {}
}

package dev.dispatch.app;

import dev.dispatch.coord.AgentDirectory;
import dev.dispatch.coord.Approvals;
import dev.dispatch.coord.Knowledge;
import dev.dispatch.coord.Locks;
import dev.dispatch.coord.Messages;
import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.store.Store;
import java.time.InstantSource;

/**
 * Wires the shared-state half of coord (locks, messages, knowledge, approvals) onto the router. The
 * services are returned so other modules can use them in their own transactions (the task code
 * releases a task's locks through {@link Locks#releaseForTask}).
 */
public final class ShareModule {
    /** The services this module built. */
    public record Services(Locks locks, Messages messages, Knowledge knowledge, Approvals approvals) {}

    private ShareModule() {}

    public static Services register(OpRouter router, Store store, InstantSource clock, AgentDirectory agents) {
        Services s = new Services(
                new Locks(store, clock, agents),
                new Messages(store, clock, agents),
                new Knowledge(store, clock, agents),
                new Approvals(store, clock, agents));
        router.on(LockOps.AcquireParams.class, s.locks()::acquire)
                .on(LockOps.RenewParams.class, s.locks()::renew)
                .on(LockOps.ReleaseParams.class, s.locks()::release)
                .on(LockOps.ListParams.class, s.locks()::list)
                .on(MessageOps.SendParams.class, s.messages()::send)
                .on(MessageOps.InboxParams.class, s.messages()::inbox)
                .on(MessageOps.AckParams.class, s.messages()::ack)
                .on(KnowledgeOps.WriteParams.class, s.knowledge()::write)
                .on(KnowledgeOps.ReadParams.class, s.knowledge()::read)
                .on(KnowledgeOps.ListParams.class, s.knowledge()::list)
                .on(KnowledgeOps.SearchParams.class, s.knowledge()::search)
                .on(ApprovalOps.RequestParams.class, s.approvals()::request)
                .on(ApprovalOps.ListParams.class, s.approvals()::list)
                .on(ApprovalOps.DecideParams.class, s.approvals()::decide);
        return s;
    }
}

package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Versioned knowledge topics and full-text search over topics, messages and tasks (ARCHITECTURE.md
 * §6). Topic names are relative slash-separated names, validated so they can never name a path
 * outside their space.
 */
public final class KnowledgeOps {
    private KnowledgeOps() {}

    /** Write a new version of {@code topic}; {@code agent} is the author (optional). */
    public record WriteTopic(String space, String topic, String text, String agent) implements Op<TopicView> {}

    /** Read {@code topic} at {@code version}, or the latest when version is 0. */
    public record ReadTopic(String space, String topic, int version) implements Op<TopicView> {}

    public record ListTopics(String space) implements Op<ListResult> {}

    public record ListResult(List<TopicSummary> topics) {}

    /** Ranked full-text search; {@code kinds} empty means every kind. */
    public record SearchKnowledge(String space, String query, List<String> kinds, int limit)
            implements Op<SearchResult> {}

    public record SearchResult(String query, List<String> terms, List<SearchHit> hits) {}

    /**
     * One ranked hit. {@code kind} is {@code topic}, {@code message} or {@code task}; {@code snippet}
     * shows matched terms in [brackets].
     */
    public record SearchHit(String kind, String id, String title, double score, String snippet) {}

    public record TopicView(String space, String topic, int version, String text, String agent, Instant writtenAt) {}

    public record TopicSummary(String topic, int version, int chars, Instant updatedAt) {}

    /** The journal event of a topic write (docs/cli-json-share.md): the new version and its length. */
    public record KnowledgeWritten(String topic, int version, int chars) implements Journaled {}

    /** The journal events of this domain, one record each (a face can take them all in one case). */
    public sealed interface Journaled extends JournalPayload permits KnowledgeWritten {}
}

package dev.dispatch.provider;

import java.util.List;
import java.util.Objects;

/**
 * One turn of the conversation. Tool results travel in a {@link Role#USER} message (as in the
 * Anthropic API); the OpenAI adapter splits them into {@code role: tool} messages.
 */
public record Message(Role role, List<ContentBlock> content) {

    /** Who spoke. System prompts are not messages: see {@link ModelRequest#system()}. */
    public enum Role {
        USER,
        ASSISTANT
    }

    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
        if (content.isEmpty()) throw new IllegalArgumentException("a message needs at least one content block");
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new ContentBlock.Text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
    }

    public static Message user(List<? extends ContentBlock> blocks) {
        return new Message(Role.USER, List.copyOf(blocks));
    }

    public static Message assistant(List<? extends ContentBlock> blocks) {
        return new Message(Role.ASSISTANT, List.copyOf(blocks));
    }
}

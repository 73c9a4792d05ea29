package dev.basalt.core;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One turn of a conversation: who said it and what it contains. */
public record Message(Role role, List<Content> content) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new Content.Text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new Content.Text(text)));
    }

    /** The text blocks joined, without tool calls or reasoning. */
    public String text() {
        return content.stream()
                .filter(Content.Text.class::isInstance)
                .map(c -> ((Content.Text) c).text())
                .collect(Collectors.joining());
    }

    public List<Content.ToolUse> toolUses() {
        return content.stream()
                .filter(Content.ToolUse.class::isInstance)
                .map(Content.ToolUse.class::cast)
                .toList();
    }
}

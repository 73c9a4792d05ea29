package dev.basalt.core;

/** Who wrote a message. System prompts travel separately in {@link ChatRequest#system()}. */
public enum Role {
    USER,
    ASSISTANT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.basalt.core;

import java.util.Objects;

/** The assembled answer of one call. */
public record ChatResponse(Message message, StopReason stopReason, Usage usage, String modelId, long latencyMs) {

    public ChatResponse {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(modelId, "modelId");
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("a response message comes from the assistant");
        }
    }

    public String text() {
        return message.text();
    }
}

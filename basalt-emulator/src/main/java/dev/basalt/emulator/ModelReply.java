package dev.basalt.emulator;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ModelBehaviour} answers: the assistant's text as the chunks it streams in, why it
 * stopped, and the token counts reported as usage.
 *
 * <p>Converse answers the chunks joined; ConverseStream sends one {@code contentBlockDelta} per
 * chunk, in order, flushing each as it goes.
 *
 * @param chunks the text in streaming order; may be empty (no text block then), no chunk is empty
 * @param stopReason a Bedrock stop reason, e.g. {@code end_turn}, {@code max_tokens}
 * @param inputTokens reported {@code usage.inputTokens}
 * @param outputTokens reported {@code usage.outputTokens}
 */
public record ModelReply(List<String> chunks, String stopReason, int inputTokens, int outputTokens) {

    public ModelReply {
        chunks = List.copyOf(chunks);
        if (chunks.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("chunks must not be empty strings");
        }
        Objects.requireNonNull(stopReason, "stopReason");
        if (stopReason.isBlank()) {
            throw new IllegalArgumentException("stopReason must not be blank");
        }
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** All chunks joined: the complete assistant text. */
    public String text() {
        return String.join("", chunks);
    }
}

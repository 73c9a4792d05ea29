package dev.basalt.emulator;

import java.util.List;

/**
 * A model's answer as the emulator sends it: the text in the pieces a stream delivers them in, the
 * Bedrock stop reason ({@code end_turn}, {@code max_tokens}, ...) and the token counts reported.
 */
public record ModelReply(List<String> chunks, String stopReason, int inputTokens, int outputTokens) {

    public ModelReply {
        chunks = List.copyOf(chunks);
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public String text() {
        return String.join("", chunks);
    }
}

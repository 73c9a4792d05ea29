package dev.basalt.emulator;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a {@link ModelBehaviour} answers: the assistant's content blocks as the chunks they stream
 * in, why it stopped, and the token counts reported as usage.
 *
 * <p>Converse answers each block joined; ConverseStream and the InvokeModel streams send one delta
 * per chunk, in order, flushing each as it goes.
 *
 * @param blocks the content in order; may be empty
 * @param stopReason a Converse stop reason: {@code end_turn}, {@code tool_use}, {@code max_tokens},
 *     {@code stop_sequence}, {@code guardrail_intervened} or {@code content_filtered}; the
 *     InvokeModel families translate it to their own vocabulary
 * @param usage the reported token counts
 */
public record ModelReply(List<ReplyBlock> blocks, String stopReason, TokenUsage usage) {

    public ModelReply {
        blocks = List.copyOf(blocks);
        Objects.requireNonNull(stopReason, "stopReason");
        if (stopReason.isBlank()) {
            throw new IllegalArgumentException("stopReason must not be blank");
        }
        Objects.requireNonNull(usage, "usage");
    }

    /** A text-only reply streamed as {@code chunks} (no text block when there are none). */
    public static ModelReply text(List<String> chunks, String stopReason, int inputTokens, int outputTokens) {
        List<ReplyBlock> blocks = chunks.isEmpty() ? List.of() : List.of(new ReplyBlock.Text(chunks));
        return new ModelReply(blocks, stopReason, TokenUsage.of(inputTokens, outputTokens));
    }

    /** The text blocks joined: the assistant's visible answer. */
    public String text() {
        return blocks.stream().filter(b -> b instanceof ReplyBlock.Text).map(ReplyBlock::joined)
                .collect(Collectors.joining());
    }

    /** The text chunks in streaming order (all text blocks). */
    public List<String> chunks() {
        return blocks.stream().filter(b -> b instanceof ReplyBlock.Text).flatMap(b -> b.chunks().stream()).toList();
    }

    public int inputTokens() {
        return usage.inputTokens();
    }

    public int outputTokens() {
        return usage.outputTokens();
    }
}

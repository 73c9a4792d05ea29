package dev.basalt.emulator;

import java.util.List;
import java.util.Objects;

/**
 * One content block of a {@link ModelReply}, as the chunks it streams in. Every wire format the
 * emulator speaks (Converse, ConverseStream, each InvokeModel family) is rendered from these, so a
 * behaviour decides what the model says once and every client sees the same answer.
 */
public sealed interface ReplyBlock {

    /** The pieces this block streams in, in order; joined they are the whole block. */
    List<String> chunks();

    /** Joins {@link #chunks()}. */
    default String joined() {
        return String.join("", chunks());
    }

    /** Assistant text. */
    record Text(List<String> chunks) implements ReplyBlock {
        public Text {
            chunks = nonEmptyPieces(chunks);
        }

        public static Text of(String text) {
            return new Text(List.of(text));
        }
    }

    /**
     * A tool call. {@code inputChunks} joined is the input as a JSON object text; split it to have
     * the input arrive across several deltas, as real models stream it.
     */
    record ToolUse(String id, String name, List<String> inputChunks) implements ReplyBlock {
        public ToolUse {
            requireText(id, "id");
            requireText(name, "name");
            inputChunks = List.copyOf(inputChunks);
        }

        @Override
        public List<String> chunks() {
            return inputChunks;
        }

        /** The input JSON text; {@code {}} when no chunks were given. */
        public String inputJson() {
            String joined = joined();
            return joined.isBlank() ? "{}" : joined;
        }
    }

    /** Visible reasoning with the signature that clients must send back unchanged. */
    record Reasoning(List<String> chunks, String signature) implements ReplyBlock {
        public Reasoning {
            chunks = nonEmptyPieces(chunks);
            requireText(signature, "signature");
        }
    }

    private static List<String> nonEmptyPieces(List<String> chunks) {
        List<String> copy = List.copyOf(chunks);
        if (copy.isEmpty() || copy.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a block needs at least one chunk and no chunk may be empty");
        }
        return copy;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}

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

    /**
     * Reasoning the model's safety systems withheld: opaque bytes, sent as Converse's
     * {@code reasoningContent.redactedContent} (base64) or Anthropic's {@code redacted_thinking}
     * block, in one piece. Clients must send it back unchanged. It has no text, so no chunks.
     */
    record RedactedReasoning(byte[] data) implements ReplyBlock {
        public RedactedReasoning {
            data = Objects.requireNonNull(data, "data").clone();
            if (data.length == 0) {
                throw new IllegalArgumentException("redacted reasoning needs at least one byte");
            }
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The bytes as base64, as every wire format carries them. */
        public String base64() {
            return java.util.Base64.getEncoder().encodeToString(data);
        }

        @Override
        public List<String> chunks() {
            return List.of();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RedactedReasoning that && java.util.Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "RedactedReasoning[" + data.length + " bytes]";
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

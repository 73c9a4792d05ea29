package dev.basalt.core;

/**
 * What a streaming call reports, in order: one {@link MessageStart}; deltas and block stops; one
 * {@link MessageStop}; then {@link Metadata}. Block indexes follow the provider's content indexes.
 */
public sealed interface StreamEvent {

    record MessageStart(Role role) implements StreamEvent {}

    record TextDelta(int index, String text) implements StreamEvent {}

    record ReasoningDelta(int index, String text, String signature) implements StreamEvent {}

    /**
     * Reasoning the provider withheld, as opaque bytes (see {@link Content.RedactedReasoning}); the
     * pieces of one block concatenate to its whole content.
     */
    record RedactedReasoningDelta(int index, byte[] data) implements StreamEvent {
        public RedactedReasoningDelta {
            data = java.util.Objects.requireNonNull(data, "data").clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RedactedReasoningDelta that && index == that.index
                    && java.util.Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return 31 * index + java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "RedactedReasoningDelta[index=" + index + ", " + data.length + " bytes]";
        }
    }

    record ToolUseStart(int index, String toolUseId, String name) implements StreamEvent {}

    /** A piece of the tool input JSON; the pieces concatenate to the whole input. */
    record ToolInputDelta(int index, String partialJson) implements StreamEvent {}

    record BlockStop(int index) implements StreamEvent {}

    record MessageStop(StopReason stopReason) implements StreamEvent {}

    /**
     * @param guardrailTrace what the request's guardrail assessed, as the provider's JSON text, when
     *     the request asked for a trace and the provider sent one; else null
     */
    record Metadata(Usage usage, long latencyMs, String guardrailTrace) implements StreamEvent {
        public Metadata(Usage usage, long latencyMs) {
            this(usage, latencyMs, null);
        }
    }
}

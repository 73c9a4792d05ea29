package dev.basalt.core;

/**
 * What a streaming call reports, in order: one {@link MessageStart}; deltas and block stops; one
 * {@link MessageStop}; then {@link Metadata}. Block indexes follow the provider's content indexes.
 */
public sealed interface StreamEvent {

    record MessageStart(Role role) implements StreamEvent {}

    record TextDelta(int index, String text) implements StreamEvent {}

    record ReasoningDelta(int index, String text, String signature) implements StreamEvent {}

    record ToolUseStart(int index, String toolUseId, String name) implements StreamEvent {}

    /** A piece of the tool input JSON; the pieces concatenate to the whole input. */
    record ToolInputDelta(int index, String partialJson) implements StreamEvent {}

    record BlockStop(int index) implements StreamEvent {}

    record MessageStop(StopReason stopReason) implements StreamEvent {}

    record Metadata(Usage usage, long latencyMs) implements StreamEvent {}
}

package dev.basalt.bedrock.internal;

import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlockDelta;

/** The SDK's ConverseStream events to core's {@link StreamEvent}s, handed on as they arrive. */
public final class ConverseStreamEvents {

    private ConverseStreamEvents() {
    }

    public static ConverseStreamResponseHandler.Visitor visitor(StreamListener listener) {
        return ConverseStreamResponseHandler.Visitor.builder()
                .onMessageStart(e -> listener.onEvent(new StreamEvent.MessageStart(Role.ASSISTANT)))
                .onContentBlockStart(e -> start(e, listener))
                .onContentBlockDelta(e -> delta(e, listener))
                .onContentBlockStop(e -> listener.onEvent(new StreamEvent.BlockStop(e.contentBlockIndex())))
                .onMessageStop(e -> listener.onEvent(new StreamEvent.MessageStop(StopReason.fromWire(e.stopReasonAsString()))))
                .onMetadata(e -> metadata(e, listener))
                .build();
    }

    private static void start(ContentBlockStartEvent event, StreamListener listener) {
        if (event.start() != null && event.start().toolUse() != null) {
            listener.onEvent(new StreamEvent.ToolUseStart(event.contentBlockIndex(),
                    event.start().toolUse().toolUseId(), event.start().toolUse().name()));
        }
    }

    private static void delta(ContentBlockDeltaEvent event, StreamListener listener) {
        var delta = event.delta();
        if (delta == null) {
            return;
        }
        int index = event.contentBlockIndex();
        if (delta.text() != null) {
            listener.onEvent(new StreamEvent.TextDelta(index, delta.text()));
        } else if (delta.toolUse() != null) {
            listener.onEvent(new StreamEvent.ToolInputDelta(index, delta.toolUse().input()));
        } else if (delta.reasoningContent() != null) {
            ReasoningContentBlockDelta reasoning = delta.reasoningContent();
            if (reasoning.redactedContent() != null) {
                listener.onEvent(new StreamEvent.RedactedReasoningDelta(index, reasoning.redactedContent().asByteArrayUnsafe()));
            } else if (reasoning.text() != null || reasoning.signature() != null) {
                listener.onEvent(new StreamEvent.ReasoningDelta(index, reasoning.text(), reasoning.signature()));
            }
        }
    }

    private static void metadata(ConverseStreamMetadataEvent event, StreamListener listener) {
        long latency = event.metrics() == null || event.metrics().latencyMs() == null ? 0 : event.metrics().latencyMs();
        String trace = event.trace() == null ? null : PojoJson.write(event.trace().guardrail());
        listener.onEvent(new StreamEvent.Metadata(ConverseResponseMapper.usage(event.usage()), latency, trace));
    }
}

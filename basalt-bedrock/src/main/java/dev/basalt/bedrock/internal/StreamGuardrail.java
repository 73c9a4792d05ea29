package dev.basalt.bedrock.internal;

import dev.basalt.core.StopReason;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * What Bedrock says of a request's guardrail over one native stream. It adds its members to a chunk
 * of the family's own, not to one of a fixed type, so every chunk is read; what the stream has said
 * by its end is what counts.
 */
final class StreamGuardrail {

    private boolean intervened;
    private String trace;

    void read(JsonNode chunk) {
        intervened |= NativeBody.intervened(chunk);
        String assessed = NativeBody.guardrailTrace(chunk);
        if (assessed != null) {
            trace = assessed;
        }
    }

    /** The model's stop reason, unless the guardrail intervened. */
    StopReason stopReason(StopReason model) {
        return intervened ? StopReason.GUARDRAIL_INTERVENED : model;
    }

    /** The guardrail's trace as JSON text, or null when Bedrock sent none. */
    String trace() {
        return trace;
    }
}

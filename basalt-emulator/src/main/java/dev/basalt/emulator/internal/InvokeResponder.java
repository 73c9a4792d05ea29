package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import dev.basalt.emulator.Pace;
import dev.basalt.emulator.internal.family.StreamChunk;
import dev.basalt.emulator.internal.family.TextFamily;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Answers InvokeModel with the family's body and Bedrock's token-count headers, and
 * InvokeModelWithResponseStream with one {@code chunk} event per family chunk, its JSON base64 in
 * {@code bytes}, the last one carrying {@code amazon-bedrock-invocationMetrics}. A request's guardrail
 * adds its members ({@code amazon-bedrock-guardrailAction}, and {@code amazon-bedrock-trace} when
 * asked for) to the body, or to the last chunk, where Bedrock puts them once the call is assessed.
 */
final class InvokeResponder {

    static final String LATENCY_HEADER = "X-Amzn-Bedrock-PerformanceConfig-Latency";

    private final ObjectMapper json;

    InvokeResponder(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param guardrail the members the request's guardrail adds to the body (none without one)
     * @param latency the request's X-Amzn-Bedrock-PerformanceConfig-Latency, echoed in the answer's; or null
     */
    void respond(Exchange exchange, TextFamily family, String modelId, ModelRequest request, ModelReply reply,
                 ObjectNode guardrail, String latency) {
        ObjectNode body = family.response(modelId, request, reply);
        body.setAll(guardrail);
        Map<String, String> headers = new java.util.HashMap<>(tokenHeaders(reply.inputTokens(), reply.outputTokens(),
                exchange.elapsedMillis()));
        headers.putAll(latencyHeader(latency));
        exchange.respondJson(200, Json.bytes(json, body), headers);
    }

    private static Map<String, String> latencyHeader(String latency) {
        return latency == null ? Map.of() : Map.of(LATENCY_HEADER, latency);
    }

    static Map<String, String> tokenHeaders(int input, int output, long latencyMs) {
        return Map.of("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(input),
                "X-Amzn-Bedrock-Output-Token-Count", Integer.toString(output),
                "X-Amzn-Bedrock-Invocation-Latency", Long.toString(latencyMs));
    }

    /** @param guardrail the members the request's guardrail adds to the last chunk (none without one) */
    void stream(Exchange exchange, TextFamily family, String modelId, ModelRequest request, ModelReply reply,
                ObjectNode guardrail, String latency, Pace pace, Fault fault, StreamTiming timing,
                FrameSender.Ended ended) {
        List<StreamChunk> chunks = family.stream(modelId, request, reply);
        long[] firstByteMillis = {-1};
        List<OutFrame> frames = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            StreamChunk chunk = chunks.get(i);
            boolean last = i == chunks.size() - 1;
            java.util.function.Supplier<byte[]> encode = () -> {
                long now = exchange.elapsedMillis();
                if (firstByteMillis[0] < 0) {
                    firstByteMillis[0] = now;
                }
                ObjectNode payload = chunk.json();
                if (last) {
                    payload.setAll(guardrail);
                    payload.putObject("amazon-bedrock-invocationMetrics")
                            .put("inputTokenCount", reply.inputTokens())
                            .put("outputTokenCount", reply.outputTokens())
                            .put("invocationLatency", now)
                            .put("firstByteLatency", firstByteMillis[0]);
                }
                ObjectNode event = json.createObjectNode().put("bytes", Base64.getEncoder().encodeToString(Json.bytes(json, payload)));
                return EventStreamEncoder.event("chunk", Json.bytes(json, event));
            };
            frames.add(chunk.output().isEmpty() ? OutFrame.control(encode) : OutFrame.content(chunk.output(), encode));
        }
        Map<String, String> headers = new java.util.HashMap<>(latencyHeader(latency));
        headers.put("X-Amzn-Bedrock-Content-Type", "application/json");
        FrameSender.send(exchange, frames, headers, pace, fault, timing, ended);
    }
}

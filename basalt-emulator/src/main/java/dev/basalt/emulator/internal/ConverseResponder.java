package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.ModelReply;

/** Answers Converse: the whole reply as one JSON document in Bedrock's shape. */
final class ConverseResponder {

    private final ObjectMapper json;

    ConverseResponder(ObjectMapper json) {
        this.json = json;
    }

    void respond(Exchange exchange, ModelReply reply) {
        ObjectNode body = json.createObjectNode();
        ObjectNode message = body.putObject("output").putObject("message");
        message.put("role", "assistant");
        if (!reply.chunks().isEmpty()) {
            message.putArray("content").addObject().put("text", reply.text());
        } else {
            message.putArray("content");
        }
        body.put("stopReason", reply.stopReason());
        body.set("usage", usage(json, reply));
        body.putObject("metrics").put("latencyMs", exchange.elapsedMillis());
        try {
            exchange.respondJson(200, json.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /** Bedrock's TokenUsage; the cache members are always present in its answers, zero without caching. */
    static ObjectNode usage(ObjectMapper json, ModelReply reply) {
        ObjectNode usage = json.createObjectNode();
        usage.put("inputTokens", reply.inputTokens());
        usage.put("outputTokens", reply.outputTokens());
        usage.put("totalTokens", reply.inputTokens() + reply.outputTokens());
        usage.put("cacheReadInputTokens", 0);
        usage.put("cacheWriteInputTokens", 0);
        return usage;
    }
}

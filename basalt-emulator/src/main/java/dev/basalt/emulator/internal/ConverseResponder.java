package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;

/** Answers Converse: the whole reply as one JSON document in Bedrock's shape. */
final class ConverseResponder {

    private final ObjectMapper json;

    ConverseResponder(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param trace Bedrock's {@code trace} member (the guardrail's assessment), or null for none
     * @param extras the optional members the request asked for
     */
    void respond(Exchange exchange, ModelReply reply, JsonNode trace, ConverseExtras extras) {
        ObjectNode body = json.createObjectNode();
        ObjectNode message = body.putObject("output").putObject("message");
        message.put("role", "assistant");
        ArrayNode content = message.putArray("content");
        for (ReplyBlock block : reply.blocks()) {
            content.add(block(block));
        }
        body.put("stopReason", reply.stopReason());
        extras.addFields(body);
        body.set("usage", usage(json, reply.usage()));
        body.putObject("metrics").put("latencyMs", exchange.elapsedMillis());
        extras.addPerformance(body);
        if (trace != null) {
            body.set("trace", trace);
        }
        exchange.respondJson(200, Json.bytes(json, body));
    }

    private ObjectNode block(ReplyBlock block) {
        ObjectNode node = json.createObjectNode();
        if (block instanceof ReplyBlock.ToolUse toolUse) {
            ObjectNode use = node.putObject("toolUse");
            use.put("toolUseId", toolUse.id()).put("name", toolUse.name());
            use.set("input", Json.objectOrText(json, toolUse.inputJson()));
        } else if (block instanceof ReplyBlock.Reasoning reasoning) {
            node.putObject("reasoningContent").putObject("reasoningText")
                    .put("text", reasoning.joined()).put("signature", reasoning.signature());
        } else if (block instanceof ReplyBlock.RedactedReasoning redacted) {
            node.putObject("reasoningContent").put("redactedContent", redacted.base64());
        } else {
            node.put("text", block.joined());
        }
        return node;
    }

    /** Bedrock's TokenUsage; the cache members are always present in its answers, zero without caching. */
    static ObjectNode usage(ObjectMapper json, TokenUsage tokens) {
        ObjectNode usage = json.createObjectNode();
        usage.put("inputTokens", tokens.inputTokens());
        usage.put("outputTokens", tokens.outputTokens());
        usage.put("totalTokens", tokens.totalTokens());
        usage.put("cacheReadInputTokens", tokens.cacheReadInputTokens());
        usage.put("cacheWriteInputTokens", tokens.cacheWriteInputTokens());
        return usage;
    }

}

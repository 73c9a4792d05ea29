package dev.basalt.emulator.internal.family;

import dev.basalt.emulator.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import dev.basalt.emulator.ReplyBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Amazon Nova's native format ({@code schemaVersion} messages-v1): Converse-like messages, system
 * blocks and {@code inferenceConfig.max_new_tokens}, answered with {@code output.message},
 * {@code stopReason} and {@code usage}; the stream sends Converse-style event objects as chunks.
 */
public final class NovaFamily implements TextFamily {

    private final ObjectMapper json;

    public NovaFamily(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ModelRequest read(String modelId, JsonNode body, String bodyText) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw ModelError.validation("Malformed input request: #: required key [messages] not found, please reformat "
                    + "your input and try again.");
        }
        List<ModelRequest.Message> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw ModelError.validation("Malformed input request: #/messages/" + i + "/role: " + role
                        + " is not a valid enum value, please reformat your input and try again.");
            }
            turns.add(new ModelRequest.Message(role, text(messages.get(i).path("content"))));
        }
        JsonNode config = body.path("inferenceConfig");
        JsonNode max = config.has("max_new_tokens") ? config.path("max_new_tokens") : config.path("maxTokens");
        return new ModelRequest(modelId, text(body.path("system")), turns,
                max.isIntegralNumber() ? OptionalInt.of(max.asInt()) : OptionalInt.empty(), bodyText);
    }

    @Override
    public ObjectNode response(String modelId, ModelRequest request, ModelReply reply) {
        ObjectNode body = json.createObjectNode();
        ObjectNode message = body.putObject("output").putObject("message").put("role", "assistant");
        ArrayNode content = message.putArray("content");
        for (ReplyBlock block : reply.blocks()) {
            if (block instanceof ReplyBlock.ToolUse use) {
                ObjectNode toolUse = content.addObject().putObject("toolUse").put("toolUseId", use.id()).put("name", use.name());
                toolUse.set("input", Json.objectOrText(json, use.inputJson()));
            } else if (block instanceof ReplyBlock.Reasoning) {
                content.addObject().putObject("reasoningContent").putObject("reasoningText").put("text", block.joined());
            } else if (block instanceof ReplyBlock.RedactedReasoning redacted) {
                content.addObject().putObject("reasoningContent").put("redactedContent", redacted.base64());
            } else {
                content.addObject().put("text", block.joined());
            }
        }
        body.put("stopReason", reply.stopReason());
        body.set("usage", usage(reply));
        return body;
    }

    @Override
    public List<StreamChunk> stream(String modelId, ModelRequest request, ModelReply reply) {
        List<StreamChunk> chunks = new ArrayList<>();
        ObjectNode start = json.createObjectNode();
        start.putObject("messageStart").put("role", "assistant");
        chunks.add(StreamChunk.control(start));
        for (int i = 0; i < reply.blocks().size(); i++) {
            ReplyBlock block = reply.blocks().get(i);
            if (block instanceof ReplyBlock.ToolUse use) {
                ObjectNode blockStart = json.createObjectNode();
                blockStart.putObject("contentBlockStart").put("contentBlockIndex", i).putObject("start")
                        .putObject("toolUse").put("toolUseId", use.id()).put("name", use.name());
                chunks.add(StreamChunk.control(blockStart));
            }
            for (String piece : block.chunks()) {
                ObjectNode delta = json.createObjectNode();
                ObjectNode event = delta.putObject("contentBlockDelta");
                ObjectNode d = event.putObject("delta");
                if (block instanceof ReplyBlock.ToolUse) {
                    d.putObject("toolUse").put("input", piece);
                } else if (block instanceof ReplyBlock.Reasoning) {
                    d.putObject("reasoningContent").put("text", piece);
                } else {
                    d.put("text", piece);
                }
                event.put("contentBlockIndex", i);
                chunks.add(new StreamChunk(delta, piece));
            }
            if (block instanceof ReplyBlock.RedactedReasoning redacted) {
                ObjectNode delta = json.createObjectNode();
                ObjectNode event = delta.putObject("contentBlockDelta");
                event.putObject("delta").putObject("reasoningContent").put("redactedContent", redacted.base64());
                event.put("contentBlockIndex", i);
                chunks.add(StreamChunk.control(delta));
            }
            ObjectNode stop = json.createObjectNode();
            stop.putObject("contentBlockStop").put("contentBlockIndex", i);
            chunks.add(StreamChunk.control(stop));
        }
        ObjectNode messageStop = json.createObjectNode();
        messageStop.putObject("messageStop").put("stopReason", reply.stopReason());
        chunks.add(StreamChunk.control(messageStop));
        ObjectNode metadata = json.createObjectNode();
        ObjectNode meta = metadata.putObject("metadata");
        meta.set("usage", usage(reply));
        meta.putObject("metrics");
        meta.putObject("trace");
        chunks.add(StreamChunk.control(metadata));
        return chunks;
    }

    private ObjectNode usage(ModelReply reply) {
        return json.createObjectNode().put("inputTokens", reply.inputTokens()).put("outputTokens", reply.outputTokens())
                .put("totalTokens", reply.usage().totalTokens())
                .put("cacheReadInputTokenCount", reply.usage().cacheReadInputTokens())
                .put("cacheWriteInputTokenCount", reply.usage().cacheWriteInputTokens());
    }

    private static String text(JsonNode blocks) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : blocks) {
            if (block.path("text").isTextual()) {
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }
}

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
import dev.basalt.emulator.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Anthropic's Messages API as Bedrock carries it: {@code anthropic_version} in the body (the
 * Bedrock value or a dated one), {@code anthropic_beta} in the body, system and content as a
 * string or as blocks, and (Claude Code 2.1.330) messages with role {@code system}, which join the
 * system prompt. Never {@code model} or {@code stream}: the path and the operation say those.
 */
public final class AnthropicFamily implements TextFamily {

    private final ObjectMapper json;

    public AnthropicFamily(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ModelRequest read(String modelId, JsonNode body, String bodyText) {
        if (!body.path("anthropic_version").isTextual()) {
            throw malformed("#: required key [anthropic_version] not found");
        }
        if (!body.path("max_tokens").isIntegralNumber()) {
            throw malformed("#: required key [max_tokens] not found");
        }
        if (body.path("max_tokens").asLong() < 1) {
            throw malformed("#/max_tokens: " + body.path("max_tokens").asText() + " is not greater or equal to 1");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray()) {
            throw malformed("#: required key [messages] not found");
        }
        StringBuilder system = new StringBuilder(text(body.path("system")));
        List<ModelRequest.Message> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText("");
            if (role.equals("system")) {
                system.append(text(message.path("content")));
                continue;
            }
            if (!role.equals("user") && !role.equals("assistant")) {
                throw malformed("#/messages/" + i + "/role: " + role + " is not a valid enum value");
            }
            if (message.path("content").isMissingNode() || message.path("content").isNull()) {
                throw malformed("#/messages/" + i + ": required key [content] not found");
            }
            turns.add(new ModelRequest.Message(role, text(message.path("content"))));
        }
        if (turns.isEmpty()) {
            throw new ModelError(400, "ValidationException", "messages: at least one message is required");
        }
        return new ModelRequest(modelId, system.toString(), turns,
                OptionalInt.of((int) Math.min(Integer.MAX_VALUE, body.path("max_tokens").asLong())), bodyText);
    }

    @Override
    public ObjectNode response(String modelId, ModelRequest request, ModelReply reply) {
        ObjectNode body = json.createObjectNode();
        body.put("id", messageId()).put("type", "message").put("role", "assistant").put("model", modelId);
        ArrayNode content = body.putArray("content");
        for (ReplyBlock block : reply.blocks()) {
            ObjectNode node = content.addObject();
            if (block instanceof ReplyBlock.ToolUse use) {
                node.put("type", "tool_use").put("id", use.id()).put("name", use.name());
                node.set("input", Json.objectOrText(json, use.inputJson()));
            } else if (block instanceof ReplyBlock.Reasoning reasoning) {
                node.put("type", "thinking").put("thinking", reasoning.joined()).put("signature", reasoning.signature());
            } else if (block instanceof ReplyBlock.RedactedReasoning redacted) {
                node.put("type", "redacted_thinking").put("data", redacted.base64());
            } else {
                node.put("type", "text").put("text", block.joined());
            }
        }
        body.put("stop_reason", stopReason(reply.stopReason()));
        body.putNull("stop_sequence");
        body.set("usage", usage(reply.usage(), reply.usage().outputTokens()));
        return body;
    }

    @Override
    public List<StreamChunk> stream(String modelId, ModelRequest request, ModelReply reply) {
        List<StreamChunk> chunks = new ArrayList<>();
        ObjectNode start = json.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", messageId()).put("type", "message").put("role", "assistant").put("model", modelId);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage(reply.usage(), 1));
        chunks.add(StreamChunk.control(start));
        for (int i = 0; i < reply.blocks().size(); i++) {
            ReplyBlock block = reply.blocks().get(i);
            ObjectNode blockStart = json.createObjectNode().put("type", "content_block_start").put("index", i);
            ObjectNode contentBlock = blockStart.putObject("content_block");
            if (block instanceof ReplyBlock.ToolUse use) {
                contentBlock.put("type", "tool_use").put("id", use.id()).put("name", use.name()).putObject("input");
            } else if (block instanceof ReplyBlock.Reasoning) {
                contentBlock.put("type", "thinking").put("thinking", "");
            } else if (block instanceof ReplyBlock.RedactedReasoning redacted) {
                // Anthropic sends a redacted block whole in its start event, with no deltas
                contentBlock.put("type", "redacted_thinking").put("data", redacted.base64());
            } else {
                contentBlock.put("type", "text").put("text", "");
            }
            chunks.add(StreamChunk.control(blockStart));
            for (String piece : block.chunks()) {
                ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", i);
                if (block instanceof ReplyBlock.ToolUse) {
                    delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
                } else if (block instanceof ReplyBlock.Reasoning) {
                    delta.putObject("delta").put("type", "thinking_delta").put("thinking", piece);
                } else {
                    delta.putObject("delta").put("type", "text_delta").put("text", piece);
                }
                chunks.add(new StreamChunk(delta, piece));
            }
            if (block instanceof ReplyBlock.Reasoning reasoning) {
                ObjectNode signature = json.createObjectNode().put("type", "content_block_delta").put("index", i);
                signature.putObject("delta").put("type", "signature_delta").put("signature", reasoning.signature());
                chunks.add(StreamChunk.control(signature));
            }
            chunks.add(StreamChunk.control(json.createObjectNode().put("type", "content_block_stop").put("index", i)));
        }
        ObjectNode messageDelta = json.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason(reply.stopReason())).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", reply.usage().outputTokens());
        chunks.add(StreamChunk.control(messageDelta));
        chunks.add(StreamChunk.control(json.createObjectNode().put("type", "message_stop")));
        return chunks;
    }

    private ObjectNode usage(TokenUsage tokens, int outputTokens) {
        ObjectNode usage = json.createObjectNode();
        usage.put("input_tokens", tokens.inputTokens());
        usage.put("cache_creation_input_tokens", tokens.cacheWriteInputTokens());
        usage.put("cache_read_input_tokens", tokens.cacheReadInputTokens());
        usage.put("output_tokens", outputTokens);
        return usage;
    }

    /** Converse's stop reasons in Anthropic's vocabulary. */
    static String stopReason(String converse) {
        switch (converse) {
            case "guardrail_intervened":
            case "content_filtered":
                return "refusal";
            default:
                return converse;
        }
    }

    /** The text of a string or of the text blocks of a list (tool results' text included). */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText()) || (block.path("text").isTextual() && !block.has("type"))) {
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    private static String messageId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "msg_bdrk_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 8);
    }

    private static ModelError malformed(String detail) {
        return ModelError.validation("Malformed input request: " + detail + ", please reformat your input and try again.");
    }
}

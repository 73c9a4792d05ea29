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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Anthropic's Messages API as Bedrock carries it: {@code anthropic_version} in the body (the
 * Bedrock value or a dated one), {@code anthropic_beta} in the body, system and content as a
 * string or as blocks, and (Claude Code 2.1.330) messages with role {@code system}, which join the
 * system prompt. Never {@code model} or {@code stream}: the path and the operation say those, and
 * Bedrock refuses a body that carries them.
 */
public final class AnthropicFamily implements TextFamily {

    private final ObjectMapper json;

    public AnthropicFamily(ObjectMapper json) {
        this.json = json;
    }

    /** The Bedrock value, or a dated Anthropic API version as newer clients send (seen: 2026-10-21). */
    private static final Pattern VERSION = Pattern.compile("bedrock-2023-05-31|\\d{4}-\\d{2}-\\d{2}");

    @Override
    public ModelRequest read(String modelId, JsonNode body, String bodyText) {
        String extraneous = Stream.of("model", "stream").filter(body::has)
                .map(key -> "#: extraneous key [" + key + "] is not permitted").collect(Collectors.joining());
        if (!extraneous.isEmpty()) {
            throw malformed("#: subject must not be valid against schema {\"required\":[\"messages\"]}" + extraneous);
        }
        if (!body.path("anthropic_version").isTextual()) {
            throw malformed("#: required key [anthropic_version] not found");
        }
        String version = body.path("anthropic_version").asText();
        if (!VERSION.matcher(version).matches()) {
            // unconfirmed: the schema validator's enum wording, as Bedrock words an unknown role
            throw malformed("#/anthropic_version: " + version + " is not a valid enum value");
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
        for (int i = 1; i < turns.size(); i++) {
            if (turns.get(i).role().equals(turns.get(i - 1).role())) {
                // Bedrock's words for InvokeModel, as its users report them (Anthropic itself now merges such turns)
                throw ModelError.validation("messages: roles must alternate between \"user\" and \"assistant\", but "
                        + "found multiple \"" + turns.get(i).role() + "\" roles in a row");
            }
        }
        checkThinking(body);
        return new ModelRequest(modelId, system.toString(), turns,
                OptionalInt.of((int) Math.min(Integer.MAX_VALUE, body.path("max_tokens").asLong())), bodyText);
    }

    private static void checkThinking(JsonNode body) {
        thinkingRefusal(body.path("thinking"), OptionalInt.of((int) Math.min(Integer.MAX_VALUE, body.path("max_tokens").asLong())))
                .ifPresent(refusal -> {
                    throw ModelError.validation(refusal);
                });
    }

    /**
     * Why Claude refuses extended thinking with a budget, if it does: a budget under 1024 tokens, or
     * not below max_tokens (unchecked when the request sets none). Bedrock passes the words on as they
     * are for InvokeModel, and after "The model returned the following errors: " for Converse; both
     * seen in reports from Bedrock users (LibreChat, the AI SDK, Claude Code through LiteLLM).
     */
    public static Optional<String> thinkingRefusal(JsonNode thinking, OptionalInt maxTokens) {
        if (!thinking.path("type").asText().equals("enabled")) {
            return Optional.empty();
        }
        long budget = thinking.path("budget_tokens").asLong(0);
        if (budget < 1024) {
            return Optional.of("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
        }
        if (maxTokens.isPresent() && maxTokens.getAsInt() <= budget) {
            return Optional.of("`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our "
                    + "documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
                    + "#max-tokens-and-context-window-size");
        }
        return Optional.empty();
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

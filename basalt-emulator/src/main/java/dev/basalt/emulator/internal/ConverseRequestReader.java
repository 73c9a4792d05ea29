package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.ModelRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a Converse request body into a {@link ModelRequest}, refusing what Bedrock refuses with
 * its wording ({@link ConverseRules}). The whole body (tools, guardrails, extra fields) is passed
 * through in {@code requestJson}.
 */
final class ConverseRequestReader {

    private final ObjectMapper json;

    ConverseRequestReader(ObjectMapper json) {
        this.json = json;
    }

    ModelRequest read(String modelId, byte[] body) {
        JsonNode root = parse(body);
        JsonNode messages = root.path("messages");
        if (messages.isMissingNode() || messages.isNull()) {
            throw invalid("1 validation error detected: Value null at 'messages' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        ConverseRules.check(root);
        List<ModelRequest.Message> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            turns.add(message(messages.get(i), i + 1));
        }
        if (turns.isEmpty() || !turns.get(0).role().equals("user")) {
            throw invalid("A conversation must start with a user message. Try again with a conversation that starts "
                    + "with a user message.");
        }
        ConverseRules.checkTurns(messages);
        return new ModelRequest(modelId, text(root.path("system")), turns, maxTokens(root),
                new String(body, StandardCharsets.UTF_8));
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw malformed();
            }
            return root;
        } catch (IOException e) {
            throw malformed();
        }
    }

    private static ModelRequest.Message message(JsonNode message, int position) {
        String role = message.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw invalid("1 validation error detected: Value '" + role + "' at 'messages." + position
                    + ".member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
        }
        JsonNode content = message.path("content");
        if (!content.isArray()) {
            throw invalid("1 validation error detected: Value null at 'messages." + position
                    + ".member.content' failed to satisfy constraint: Member must not be null");
        }
        ConverseRules.checkContent(message, position - 1);
        return new ModelRequest.Message(role, text(content));
    }

    /**
     * The text of a list of content blocks, joined: {@code text} blocks and the text of
     * {@code guardContent} blocks, which the model reads like any other (they only tell the guardrail
     * what to evaluate).
     */
    private static String text(JsonNode blocks) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : blocks) {
            if (block.path("text").isTextual()) {
                text.append(block.path("text").asText());
            } else if (guardedText(block).isTextual()) {
                text.append(guardedText(block).asText());
            }
        }
        return text.toString();
    }

    /**
     * The text of the {@code guardContent} blocks of the system prompt and the messages, joined; empty
     * when the request has none. When it has any, Bedrock's guardrail evaluates only them.
     */
    static Optional<String> guardContent(JsonNode body) {
        StringBuilder text = new StringBuilder();
        boolean any = false;
        List<JsonNode> lists = new ArrayList<>();
        lists.add(body.path("system"));
        body.path("messages").forEach(message -> lists.add(message.path("content")));
        for (JsonNode blocks : lists) {
            for (JsonNode block : blocks) {
                if (block.has("guardContent")) {
                    any = true;
                    text.append(guardedText(block).asText("")).append('\n');
                }
            }
        }
        return any ? Optional.of(text.toString()) : Optional.empty();
    }

    private static JsonNode guardedText(JsonNode block) {
        return block.path("guardContent").path("text").path("text");
    }

    private static OptionalInt maxTokens(JsonNode root) {
        JsonNode maxTokens = root.path("inferenceConfig").path("maxTokens");
        return maxTokens.isIntegralNumber() ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, maxTokens.asLong()))
                : OptionalInt.empty();
    }

    private static BedrockErrorException malformed() {
        return invalid("Malformed input request, please reformat your input and try again.");
    }

    private static BedrockErrorException invalid(String message) {
        return new BedrockErrorException(BedrockError.validation(message));
    }
}

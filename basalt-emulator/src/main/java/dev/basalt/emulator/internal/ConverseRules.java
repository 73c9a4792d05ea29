package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules Bedrock applies to a Converse body before any model sees it, with its wording: the JSON
 * types of the members (a serialization error), the content blocks of each message, the alternation
 * of roles, the pairing of tool results with the previous turn's tool uses, and the ranges of
 * {@code inferenceConfig} and {@code performanceConfig}. The model's own output limit is checked
 * where the model is known ({@link EmulatorCatalog.Model#checkMaxTokens}).
 */
final class ConverseRules {

    /** The members of Bedrock's ContentBlock union. */
    private static final Set<String> CONTENT_MEMBERS = Set.of("text", "image", "document", "video", "audio", "toolUse",
            "toolResult", "guardContent", "cachePoint", "reasoningContent", "citationsContent", "searchResult");

    private ConverseRules() {
    }

    /**
     * The member types and the constraints of the request's configuration, checked first as Bedrock's
     * service framework does; the messages' content follows per message ({@link #checkContent}), once
     * its role is known to be valid.
     *
     * @throws BedrockErrorException the first rule the body breaks, as Bedrock words it
     */
    static void check(JsonNode root) {
        checkTypes(root);
        checkInferenceConfig(root.path("inferenceConfig"));
        String latency = root.path("performanceConfig").path("latency").asText("standard");
        if (!latency.equals("standard") && !latency.equals("optimized")) {
            throw invalid("1 validation error detected: Value '" + latency + "' at 'performanceConfig.latency' failed "
                    + "to satisfy constraint: Member must satisfy enum value set: [standard, optimized]");
        }
    }

    /** Checked once every message's role is known to be user or assistant and the first is user's. */
    static void checkTurns(JsonNode messages) {
        for (int i = 1; i < messages.size(); i++) {
            if (role(messages, i).equals(role(messages, i - 1))) {
                throw invalid("A conversation must alternate between user and assistant roles. Make sure the "
                        + "conversation alternates between user and assistant roles and try again.");
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            if (role(messages, i).equals("user")) {
                checkToolResults(i == 0 ? null : messages.get(i - 1), messages.get(i), i);
            }
        }
    }

    private static String role(JsonNode messages, int i) {
        return messages.get(i).path("role").asText();
    }

    /**
     * A user turn after an assistant turn that used tools answers every one of them, and nothing else.
     * Bedrock's two texts: too many results, or the ids still expected.
     */
    private static void checkToolResults(JsonNode previous, JsonNode message, int index) {
        Set<String> uses = new LinkedHashSet<>();
        if (previous != null) {
            previous.path("content").forEach(block -> {
                if (block.has("toolUse")) {
                    uses.add(block.path("toolUse").path("toolUseId").asText());
                }
            });
        }
        List<String> results = new ArrayList<>();
        message.path("content").forEach(block -> {
            if (block.has("toolResult")) {
                results.add(block.path("toolResult").path("toolUseId").asText());
            }
        });
        if (results.size() > uses.size()) {
            throw invalid("The number of toolResult blocks at messages." + index + ".content exceeds the number of "
                    + "toolUse blocks of previous turn.");
        }
        uses.removeAll(results);
        if (!uses.isEmpty()) {
            throw invalid("Expected toolResult blocks at messages." + index + ".content for the following Ids: "
                    + String.join(", ", uses));
        }
    }

    /** @param index the message's position from 0, as Bedrock's content errors count */
    static void checkContent(JsonNode message, int index) {
        JsonNode content = message.path("content");
        if (content.isArray() && content.isEmpty()) {
            throw invalid("The content field in the Message object at messages." + index + " is empty. Add a "
                    + "ContentBlock object to the content field and try again.");
        }
        for (int b = 0; b < content.size(); b++) {
            JsonNode block = content.get(b);
            String where = "messages." + index + ".content." + b;
            List<String> members = new ArrayList<>();
            block.fieldNames().forEachRemaining(members::add);
            // unconfirmed: Bedrock's exact words for a block that sets no known member, or several
            if (members.size() != 1 || !CONTENT_MEMBERS.contains(members.get(0))) {
                throw invalid("The ContentBlock object at " + where + " must set exactly one of the following keys: "
                        + "text, image, document, video, toolUse, toolResult, guardContent, cachePoint, "
                        + "reasoningContent, citationsContent.");
            }
            if (block.has("text") && block.path("text").asText().isBlank()) {
                throw invalid("The text field in the ContentBlock object at " + where + " is blank. Add text to the "
                        + "text field, and try again.");
            }
        }
    }

    private static void checkInferenceConfig(JsonNode config) {
        JsonNode maxTokens = config.path("maxTokens");
        if (maxTokens.isIntegralNumber() && maxTokens.asLong() < 1) {
            throw invalid("1 validation error detected: Value '" + maxTokens.asText() + "' at 'inferenceConfig.maxTokens' "
                    + "failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        for (String name : List.of("temperature", "topP")) {
            JsonNode value = config.path(name);
            if (value.isNumber() && (value.asDouble() < 0 || value.asDouble() > 1)) {
                String bound = value.asDouble() < 0 ? "greater than or equal to 0" : "less than or equal to 1";
                throw invalid("1 validation error detected: Value '" + value.floatValue() + "' at 'inferenceConfig."
                        + name + "' failed to satisfy constraint: Member must have value " + bound);
            }
        }
    }

    /**
     * Bedrock parses the body against its shapes before validating it: a member of the wrong JSON type
     * is a 400 SerializationException from the service framework. Unconfirmed: the exact texts, written
     * here in the wording of AWS's JSON protocol parser ("STRING_VALUE can not be converted to an Integer").
     */
    private static void checkTypes(JsonNode root) {
        expect(root.get("messages"), Kind.LIST);
        for (JsonNode message : root.path("messages")) {
            expect(message, Kind.STRUCTURE);
            expect(message.get("role"), Kind.STRING);
            expect(message.get("content"), Kind.LIST);
            message.path("content").forEach(block -> expect(block, Kind.STRUCTURE));
        }
        expect(root.get("system"), Kind.LIST);
        root.path("system").forEach(block -> expect(block, Kind.STRUCTURE));
        JsonNode config = root.get("inferenceConfig");
        expect(config, Kind.STRUCTURE);
        if (config != null) {
            expect(config.get("maxTokens"), Kind.INTEGER);
            expect(config.get("temperature"), Kind.FLOAT);
            expect(config.get("topP"), Kind.FLOAT);
            expect(config.get("stopSequences"), Kind.LIST);
            config.path("stopSequences").forEach(s -> expect(s, Kind.STRING));
        }
        expect(root.get("toolConfig"), Kind.STRUCTURE);
        expect(root.get("performanceConfig"), Kind.STRUCTURE);
        if (root.has("performanceConfig")) {
            expect(root.path("performanceConfig").get("latency"), Kind.STRING);
        }
        expect(root.get("additionalModelResponseFieldPaths"), Kind.LIST);
        root.path("additionalModelResponseFieldPaths").forEach(p -> expect(p, Kind.STRING));
    }

    /** The shapes a member may have, named as AWS's JSON parser names them in its errors. */
    private enum Kind {
        LIST("a List"), STRUCTURE("a Structure"), STRING("a String"), INTEGER("an Integer"), FLOAT("a Float");

        private final String article;

        Kind(String article) {
            this.article = article;
        }

        boolean accepts(JsonNode node) {
            return switch (this) {
                case LIST -> node.isArray();
                case STRUCTURE -> node.isObject();
                case STRING -> node.isTextual();
                case INTEGER -> node.isIntegralNumber();
                case FLOAT -> node.isNumber();
            };
        }
    }

    /** A missing or null member is not a type error; constraints on presence are checked elsewhere. */
    private static void expect(JsonNode node, Kind kind) {
        if (node == null || node.isNull() || kind.accepts(node)) {
            return;
        }
        String message;
        if (node.isObject()) {
            message = "Start of structure or map found where not expected.";
        } else if (node.isArray()) {
            message = "Start of list found where not expected.";
        } else {
            String found = node.isTextual() ? "STRING_VALUE" : node.isBoolean() ? "BOOLEAN_VALUE" : "NUMBER_VALUE";
            message = found + " can not be converted to " + kind.article;
        }
        throw new BedrockErrorException(BedrockError.serialization(message));
    }

    private static BedrockErrorException invalid(String message) {
        return new BedrockErrorException(BedrockError.validation(message));
    }
}

package dev.basalt.emulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.ModelBehaviour;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Converse and ConverseStream: Bedrock's request shape in, Bedrock's JSON or event frames out. */
public final class ConverseResponder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final ModelBehaviour model;

    public ConverseResponder(ModelBehaviour model) {
        this.model = model;
    }

    public void converse(HttpExchange exchange, String modelId, byte[] body, long startNanos) {
        ModelRequest request;
        try {
            request = parse(modelId, body);
        } catch (InvalidRequest e) {
            exchange.error(BedrockError.validation(e.getMessage()));
            return;
        }
        ModelReply reply = model.reply(request);
        ObjectNode response = JSON.createObjectNode();
        ObjectNode message = response.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", reply.text());
        response.put("stopReason", reply.stopReason());
        usage(response.putObject("usage"), reply);
        response.putObject("metrics").put("latencyMs", elapsedMs(startNanos));
        exchange.json(200, response.toString());
    }

    public void converseStream(HttpExchange exchange, String modelId, byte[] body, long startNanos) {
        ModelRequest request;
        try {
            request = parse(modelId, body);
        } catch (InvalidRequest e) {
            exchange.error(BedrockError.validation(e.getMessage()));
            return;
        }
        ModelReply reply = model.reply(request);
        exchange.startStream(null);
        ObjectNode start = JSON.createObjectNode().put("role", "assistant");
        exchange.frame(event("messageStart", start));
        for (String chunk : reply.chunks()) {
            ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", chunk);
            exchange.frame(event("contentBlockDelta", delta));
        }
        exchange.frame(event("contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", 0)));
        exchange.frame(event("messageStop", JSON.createObjectNode().put("stopReason", reply.stopReason())));
        ObjectNode metadata = JSON.createObjectNode();
        usage(metadata.putObject("usage"), reply);
        metadata.putObject("metrics").put("latencyMs", elapsedMs(startNanos));
        exchange.frame(event("metadata", metadata));
        exchange.endStream();
    }

    private static byte[] event(String type, ObjectNode payload) {
        // Real Bedrock pads every event with a "p" member of random length so sizes leak nothing.
        payload.put("p", padding());
        return EventStreamEncoder.event(type, payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String padding() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int length = 1 + random.nextInt(40);
        StringBuilder p = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            p.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return p.toString();
    }

    private static void usage(ObjectNode usage, ModelReply reply) {
        usage.put("inputTokens", reply.inputTokens());
        usage.put("outputTokens", reply.outputTokens());
        usage.put("totalTokens", reply.inputTokens() + reply.outputTokens());
        usage.put("cacheReadInputTokens", 0);
        usage.put("cacheWriteInputTokens", 0);
    }

    private static long elapsedMs(long startNanos) {
        return Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
    }

    static ModelRequest parse(String modelId, byte[] body) throws InvalidRequest {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("Malformed input request, please reformat your input and try again.");
        } catch (IOException e) {
            throw new InvalidRequest("Malformed input request, please reformat your input and try again.");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequest("Malformed input request, please reformat your input and try again.");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            throw new InvalidRequest("1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
        }
        if (!messages.isArray()) {
            throw new InvalidRequest("Malformed input request, please reformat your input and try again.");
        }
        if (messages.isEmpty() || !"user".equals(messages.get(0).path("role").asText())) {
            throw new InvalidRequest("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
        }
        List<ModelRequest.Turn> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!"user".equals(role) && !"assistant".equals(role)) {
                throw new InvalidRequest("1 validation error detected: Value '" + role
                        + "' at 'messages.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
            }
            turns.add(new ModelRequest.Turn(role, text(message.path("content"))));
        }
        List<String> system = new ArrayList<>();
        for (JsonNode block : root.path("system")) {
            if (block.hasNonNull("text")) {
                system.add(block.get("text").asText());
            }
        }
        JsonNode maxTokens = root.path("inferenceConfig").path("maxTokens");
        if (!maxTokens.isMissingNode() && (!maxTokens.canConvertToInt() || maxTokens.asInt() < 1)) {
            throw new InvalidRequest("1 validation error detected: Value '" + maxTokens
                    + "' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return new ModelRequest(modelId, system, turns, maxTokens.isMissingNode() ? null : maxTokens.asInt());
    }

    private static String text(JsonNode content) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (block.hasNonNull("text")) {
                text.append(block.get("text").asText());
            }
        }
        return text.toString();
    }

    /** A request Bedrock would refuse with a ValidationException; the message is Bedrock's. */
    static final class InvalidRequest extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidRequest(String message) {
            super(message);
        }
    }
}

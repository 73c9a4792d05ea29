package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Amazon Titan Text: {@code {"inputText", "textGenerationConfig": {"maxTokenCount", "temperature",
 * "topP", "stopSequences"}}}, answered {@code {"inputTextTokenCount", "results": [{"tokenCount",
 * "outputText", "completionReason"}]}} and streamed as chunks of {@code outputText}.
 *
 * <p>A lone user message is sent as it is. A system prompt or a conversation is written the way Titan
 * was tuned for chat: the system text, then {@code User:} and {@code Bot:} lines, ending with
 * {@code Bot:} for the model to answer. (Converse has no place for Titan's system prompt at all.)
 */
final class TitanTextBody implements PromptBody {

    static final TitanTextBody INSTANCE = new TitanTextBody();

    private TitanTextBody() {
    }

    @Override
    public String family() {
        return "Titan Text";
    }

    @Override
    public String body(ChatRequest request, CatalogModel model) {
        check(request, model);
        Map<String, Document> body = new LinkedHashMap<>();
        body.put("inputText", Document.fromString(inputText(request)));
        InferenceConfig inference = request.inference();
        if (!inference.isDefault()) {
            Map<String, Document> config = new LinkedHashMap<>();
            if (inference.maxTokens() != null) {
                config.put("maxTokenCount", Document.fromNumber(inference.maxTokens()));
            }
            if (inference.temperature() != null) {
                config.put("temperature", Document.fromNumber(inference.temperature()));
            }
            if (inference.topP() != null) {
                config.put("topP", Document.fromNumber(inference.topP()));
            }
            if (!inference.stopSequences().isEmpty()) {
                config.put("stopSequences", Document.fromList(inference.stopSequences().stream().map(Document::fromString).toList()));
            }
            body.put("textGenerationConfig", Document.fromMap(config));
        }
        return JsonDocuments.write(Document.fromMap(body));
    }

    static String inputText(ChatRequest request) {
        List<Message> messages = request.messages();
        if (request.system().isEmpty() && messages.size() == 1 && messages.get(0).role() == Role.USER) {
            return messages.get(0).text();
        }
        StringBuilder text = new StringBuilder();
        if (!request.system().isEmpty()) {
            text.append(String.join("\n", request.system())).append("\n\n");
        }
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            text.append(i == 0 ? "" : "\n").append(message.role() == Role.USER ? "User: " : "Bot: ").append(message.text());
        }
        if (PromptBody.endsWithUser(request)) {
            text.append("\nBot:");
        }
        return text.toString();
    }

    @Override
    public Piece piece(JsonNode json) {
        JsonNode result = JsonDocuments.member(json, "results").filter(JsonNode::isArray)
                .flatMap(results -> results.index(0)).orElse(null);
        if (result != null) {
            return new Piece(JsonDocuments.string(result, "outputText"), JsonDocuments.integer(json, "inputTextTokenCount"),
                    JsonDocuments.integer(result, "tokenCount"), stopReason(JsonDocuments.string(result, "completionReason")));
        }
        return new Piece(JsonDocuments.string(json, "outputText"), JsonDocuments.integer(json, "inputTextTokenCount"),
                JsonDocuments.integer(json, "totalOutputTextTokenCount"),
                stopReason(JsonDocuments.string(json, "completionReason")));
    }

    /** Titan's completion reasons; null (a chunk that is not the last) stays null. */
    static StopReason stopReason(String completionReason) {
        if (completionReason == null) {
            return null;
        }
        switch (completionReason) {
            case "FINISH":
                return StopReason.END_TURN;
            case "LENGTH":
                return StopReason.MAX_TOKENS;
            case "STOP_CRITERIA_MET":
                return StopReason.STOP_SEQUENCE;
            case "CONTENT_FILTERED":
                return StopReason.CONTENT_FILTERED;
            default:
                return StopReason.UNKNOWN;
        }
    }
}

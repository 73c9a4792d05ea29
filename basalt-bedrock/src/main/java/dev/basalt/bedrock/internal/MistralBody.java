package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Mistral's instruct prompt ({@code <s>[INST] ... [/INST] answer</s>[INST] ... [/INST]}) with
 * {@code max_tokens}, {@code temperature}, {@code top_p} and {@code stop}, answered
 * {@code {"outputs": [{"text", "stop_reason"}]}} and streamed as one {@code outputs} piece per chunk.
 * Mistral has no system turn: the system prompt opens the first instruction. Its bodies carry no
 * token counts; they come from Bedrock's headers and invocation metrics.
 */
final class MistralBody implements PromptBody {

    static final MistralBody INSTANCE = new MistralBody();

    private MistralBody() {
    }

    @Override
    public String family() {
        return "Mistral";
    }

    @Override
    public String body(ChatRequest request, CatalogModel model) {
        check(request, model);
        Map<String, Document> body = new LinkedHashMap<>();
        body.put("prompt", Document.fromString(prompt(request)));
        InferenceConfig inference = request.inference();
        if (inference.maxTokens() != null) {
            body.put("max_tokens", Document.fromNumber(inference.maxTokens()));
        }
        if (inference.temperature() != null) {
            body.put("temperature", Document.fromNumber(inference.temperature()));
        }
        if (inference.topP() != null) {
            body.put("top_p", Document.fromNumber(inference.topP()));
        }
        if (!inference.stopSequences().isEmpty()) {
            body.put("stop", Document.fromList(inference.stopSequences().stream().map(Document::fromString).toList()));
        }
        return JsonDocuments.write(Document.fromMap(body));
    }

    static String prompt(ChatRequest request) {
        StringBuilder prompt = new StringBuilder("<s>");
        String system = String.join("\n", request.system());
        List<Message> messages = request.messages();
        boolean first = true;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message.role() == Role.USER) {
                String text = first && !system.isEmpty() ? system + "\n\n" + message.text() : message.text();
                prompt.append("[INST] ").append(text).append(" [/INST]");
            } else {
                prompt.append(' ').append(message.text());
                if (i < messages.size() - 1) {
                    prompt.append("</s>");
                }
            }
            first = false;
        }
        return prompt.toString();
    }

    @Override
    public Piece piece(JsonNode json) {
        JsonNode output = JsonDocuments.member(json, "outputs").filter(JsonNode::isArray)
                .flatMap(outputs -> outputs.index(0)).orElse(null);
        return new Piece(JsonDocuments.string(output, "text"), null, null,
                LlamaBody.stopReason(JsonDocuments.string(output, "stop_reason")));
    }
}

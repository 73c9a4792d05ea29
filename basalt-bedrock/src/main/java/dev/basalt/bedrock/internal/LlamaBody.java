package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Meta Llama 3: {@code {"prompt", "max_gen_len", "temperature", "top_p"}}, the conversation in Llama 3's
 * header format, answered {@code {"generation", "prompt_token_count", "generation_token_count",
 * "stop_reason"}}; the stream's chunks carry the same members.
 *
 * <pre>
 * &lt;|begin_of_text|&gt;&lt;|start_header_id|&gt;system&lt;|end_header_id|&gt;\n\n{system}&lt;|eot_id|&gt;
 * &lt;|start_header_id|&gt;user&lt;|end_header_id|&gt;\n\n{text}&lt;|eot_id|&gt;
 * &lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n
 * </pre>
 */
final class LlamaBody implements PromptBody {

    static final LlamaBody INSTANCE = new LlamaBody();

    private LlamaBody() {
    }

    @Override
    public String family() {
        return "Llama";
    }

    @Override
    public String body(ChatRequest request, CatalogModel model) {
        check(request, model);
        InferenceConfig inference = request.inference();
        if (!inference.stopSequences().isEmpty()) {
            throw new ModelException(ErrorKind.VALIDATION, "the Llama body takes no stop sequences",
                    "drop the stop sequences for " + (model == null ? request.modelId() : model.name()));
        }
        Map<String, Document> body = new LinkedHashMap<>();
        body.put("prompt", Document.fromString(prompt(request)));
        if (inference.maxTokens() != null) {
            body.put("max_gen_len", Document.fromNumber(inference.maxTokens()));
        }
        if (inference.temperature() != null) {
            body.put("temperature", Document.fromNumber(inference.temperature()));
        }
        if (inference.topP() != null) {
            body.put("top_p", Document.fromNumber(inference.topP()));
        }
        return JsonDocuments.write(Document.fromMap(body));
    }

    static String prompt(ChatRequest request) {
        StringBuilder prompt = new StringBuilder("<|begin_of_text|>");
        if (!request.system().isEmpty()) {
            turn(prompt, "system", String.join("\n", request.system()), true);
        }
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            boolean last = i == messages.size() - 1;
            // A last assistant message stays open: the model goes on from its text.
            turn(prompt, message.role() == Role.USER ? "user" : "assistant", message.text(), !last || message.role() == Role.USER);
        }
        if (PromptBody.endsWithUser(request)) {
            prompt.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
        }
        return prompt.toString();
    }

    private static void turn(StringBuilder prompt, String role, String text, boolean closed) {
        prompt.append("<|start_header_id|>").append(role).append("<|end_header_id|>\n\n").append(text);
        if (closed) {
            prompt.append("<|eot_id|>");
        }
    }

    @Override
    public Piece piece(JsonNode json) {
        return new Piece(JsonDocuments.string(json, "generation"), JsonDocuments.integer(json, "prompt_token_count"),
                JsonDocuments.integer(json, "generation_token_count"), stopReason(JsonDocuments.string(json, "stop_reason")));
    }

    /** Llama's and Mistral's stop reasons: {@code stop} and {@code length}; null (not the last chunk) stays null. */
    static StopReason stopReason(String wire) {
        if (wire == null) {
            return null;
        }
        if (wire.equals("stop")) {
            return StopReason.END_TURN;
        }
        return wire.equals("length") ? StopReason.MAX_TOKENS : StopReason.UNKNOWN;
    }
}

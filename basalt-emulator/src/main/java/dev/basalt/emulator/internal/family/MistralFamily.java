package dev.basalt.emulator.internal.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mistral instruct models: {@code {"prompt": "<s>[INST] ... [/INST]", "max_tokens", ...}} answered
 * {@code {"outputs": [{"text", "stop_reason"}]}}, streamed as one {@code outputs} piece per chunk.
 */
public final class MistralFamily implements TextFamily {

    private static final Pattern INSTRUCTION = Pattern.compile("\\[INST\\](.*?)\\[/INST\\](.*?)(?=\\[INST\\]|<s>\\s*\\[INST\\]|$)", Pattern.DOTALL);

    private final ObjectMapper json;

    public MistralFamily(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ModelRequest read(String modelId, JsonNode body, String bodyText) {
        if (!body.path("prompt").isTextual()) {
            throw ModelError.validation("Malformed input request: #: required key [prompt] not found, please reformat your "
                    + "input and try again.");
        }
        String prompt = body.path("prompt").asText();
        List<ModelRequest.Message> messages = new ArrayList<>();
        Matcher turn = INSTRUCTION.matcher(prompt);
        while (turn.find()) {
            messages.add(new ModelRequest.Message("user", turn.group(1).strip()));
            String answer = turn.group(2).replace("</s>", "").replace("<s>", "").strip();
            if (!answer.isEmpty()) {
                messages.add(new ModelRequest.Message("assistant", answer));
            }
        }
        if (messages.isEmpty()) {
            messages.add(new ModelRequest.Message("user", prompt));
        }
        JsonNode max = body.path("max_tokens");
        return new ModelRequest(modelId, "", messages, max.isIntegralNumber() ? OptionalInt.of(max.asInt()) : OptionalInt.empty(),
                bodyText);
    }

    @Override
    public ObjectNode response(String modelId, ModelRequest request, ModelReply reply) {
        ObjectNode body = json.createObjectNode();
        body.putArray("outputs").addObject().put("text", reply.text()).put("stop_reason", LlamaFamily.stopReason(reply.stopReason()));
        return body;
    }

    @Override
    public List<StreamChunk> stream(String modelId, ModelRequest request, ModelReply reply) {
        List<StreamChunk> chunks = new ArrayList<>();
        List<String> pieces = reply.chunks().isEmpty() ? List.of("") : reply.chunks();
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode chunk = json.createObjectNode();
            ObjectNode output = chunk.putArray("outputs").addObject().put("text", pieces.get(i));
            if (i == pieces.size() - 1) {
                output.put("stop_reason", LlamaFamily.stopReason(reply.stopReason()));
            } else {
                output.putNull("stop_reason");
            }
            chunks.add(new StreamChunk(chunk, pieces.get(i)));
        }
        return chunks;
    }
}

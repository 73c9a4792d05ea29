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

/**
 * Amazon Titan Text: {@code {"inputText", "textGenerationConfig": {"maxTokenCount", ...}}} answered
 * {@code {"inputTextTokenCount", "results": [{"tokenCount", "outputText", "completionReason"}]}};
 * its stream sends {@code outputText} pieces, the last with the totals and the completion reason.
 */
public final class TitanTextFamily implements TextFamily {

    private final ObjectMapper json;

    public TitanTextFamily(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ModelRequest read(String modelId, JsonNode body, String bodyText) {
        if (!body.path("inputText").isTextual()) {
            throw ModelError.validation("Malformed input request: #: required key [inputText] not found, please reformat "
                    + "your input and try again.");
        }
        JsonNode max = body.path("textGenerationConfig").path("maxTokenCount");
        OptionalInt maxTokens = max.isIntegralNumber() ? OptionalInt.of(max.asInt()) : OptionalInt.empty();
        return new ModelRequest(modelId, "", List.of(new ModelRequest.Message("user", body.path("inputText").asText())),
                maxTokens, bodyText);
    }

    @Override
    public ObjectNode response(String modelId, ModelRequest request, ModelReply reply) {
        ObjectNode body = json.createObjectNode().put("inputTextTokenCount", reply.inputTokens());
        body.putArray("results").addObject().put("tokenCount", reply.outputTokens()).put("outputText", reply.text())
                .put("completionReason", completionReason(reply.stopReason()));
        return body;
    }

    @Override
    public List<StreamChunk> stream(String modelId, ModelRequest request, ModelReply reply) {
        List<StreamChunk> chunks = new ArrayList<>();
        List<String> pieces = reply.chunks().isEmpty() ? List.of("") : reply.chunks();
        for (int i = 0; i < pieces.size(); i++) {
            boolean first = i == 0;
            boolean last = i == pieces.size() - 1;
            ObjectNode chunk = json.createObjectNode().put("outputText", pieces.get(i)).put("index", 0);
            if (last) {
                chunk.put("totalOutputTextTokenCount", reply.outputTokens())
                        .put("completionReason", completionReason(reply.stopReason()));
            } else {
                chunk.putNull("totalOutputTextTokenCount").putNull("completionReason");
            }
            if (first) {
                chunk.put("inputTextTokenCount", reply.inputTokens());
            } else {
                chunk.putNull("inputTextTokenCount");
            }
            chunks.add(new StreamChunk(chunk, pieces.get(i)));
        }
        return chunks;
    }

    static String completionReason(String stopReason) {
        switch (stopReason) {
            case "max_tokens": return "LENGTH";
            case "stop_sequence": return "STOP_CRITERIA_MET";
            case "guardrail_intervened":
            case "content_filtered": return "CONTENT_FILTERED";
            default: return "FINISH";
        }
    }
}

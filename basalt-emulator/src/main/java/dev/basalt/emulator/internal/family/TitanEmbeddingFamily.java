package dev.basalt.emulator.internal.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelError;

/**
 * Amazon Titan Text Embeddings: v1 takes {@code {"inputText"}} and answers 1536 dimensions; v2 also
 * takes {@code dimensions} (1024, 512 or 256), {@code normalize} (default true) and
 * {@code embeddingTypes}, and answers {@code embeddingsByType} beside {@code embedding}.
 */
public final class TitanEmbeddingFamily implements EmbeddingFamily {

    private final ObjectMapper json;
    private final boolean v2;

    public TitanEmbeddingFamily(ObjectMapper json, boolean v2) {
        this.json = json;
        this.v2 = v2;
    }

    @Override
    public Embedded embed(String modelId, JsonNode body) {
        JsonNode input = body.path("inputText");
        if (!input.isTextual()) {
            throw ModelError.validation("Malformed input request: #: required key [inputText] not found, please reformat "
                    + "your input and try again.");
        }
        if (input.asText().isEmpty()) {
            throw ModelError.validation("Malformed input request: #/inputText: expected minLength: 1, actual: 0, "
                    + "please reformat your input and try again.");
        }
        int dimensions = 1536;
        boolean normalize = false;
        if (v2) {
            dimensions = body.path("dimensions").asInt(1024);
            if (dimensions != 1024 && dimensions != 512 && dimensions != 256) {
                throw ModelError.validation("Malformed input request: #/dimensions: " + body.path("dimensions").asText()
                        + " is not a valid enum value, please reformat your input and try again.");
            }
            normalize = body.path("normalize").asBoolean(true);
        } else if (body.size() > 1) {
            throw ModelError.validation("Malformed input request: extraneous key [" + firstOtherKey(body)
                    + "] is not permitted, please reformat your input and try again.");
        }
        float[] vector = Vectors.of(input.asText(), dimensions, normalize);
        int tokens = EchoModel.estimateTokens(input.asText());
        ObjectNode answer = json.createObjectNode();
        ArrayNode embedding = answer.putArray("embedding");
        for (float v : vector) {
            embedding.add(v);
        }
        if (v2) {
            answer.putObject("embeddingsByType").set("float", embedding.deepCopy());
        }
        answer.put("inputTextTokenCount", tokens);
        return new Embedded(answer, tokens);
    }

    private static String firstOtherKey(JsonNode body) {
        var names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("inputText")) {
                return name;
            }
        }
        return "";
    }
}

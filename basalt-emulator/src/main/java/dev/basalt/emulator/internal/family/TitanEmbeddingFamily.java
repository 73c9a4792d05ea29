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
        java.util.List<String> types = java.util.List.of("float");
        if (v2) {
            JsonNode asked = body.path("dimensions");
            dimensions = asked.isMissingNode() ? 1024 : asked.isIntegralNumber() ? asked.asInt() : -1;
            if (dimensions != 1024 && dimensions != 512 && dimensions != 256) {
                throw ModelError.validation("Malformed input request: #/dimensions: " + body.path("dimensions").asText()
                        + " is not a valid enum value, please reformat your input and try again.");
            }
            normalize = body.path("normalize").asBoolean(true);
            if (body.has("embeddingTypes")) {
                types = new java.util.ArrayList<>();
                for (JsonNode type : body.path("embeddingTypes")) {
                    if (!type.asText().equals("float") && !type.asText().equals("binary")) {
                        throw ModelError.validation("Malformed input request: #/embeddingTypes: " + type.asText()
                                + " is not a valid enum value, please reformat your input and try again.");
                    }
                    types.add(type.asText());
                }
            }
        } else if (body.size() > 1) {
            throw ModelError.validation("Malformed input request: extraneous key [" + firstOtherKey(body)
                    + "] is not permitted, please reformat your input and try again.");
        }
        float[] vector = DeterministicVector.of(input.asText(), dimensions, normalize);
        int tokens = EchoModel.estimateTokens(input.asText());
        ObjectNode answer = json.createObjectNode();
        ArrayNode embedding = answer.putArray("embedding");
        for (float v : vector) {
            embedding.add(v);
        }
        if (v2) {
            ObjectNode byType = answer.putObject("embeddingsByType");
            if (types.contains("float")) {
                byType.set("float", embedding.deepCopy());
            }
            if (types.contains("binary")) {
                ArrayNode bits = byType.putArray("binary");
                for (float v : vector) {
                    bits.add(v > 0 ? 1 : 0);
                }
            }
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

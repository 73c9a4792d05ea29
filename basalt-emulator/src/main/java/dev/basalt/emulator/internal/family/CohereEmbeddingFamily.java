package dev.basalt.emulator.internal.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelError;
import java.util.Set;
import java.util.UUID;

/**
 * Cohere Embed v3: {@code texts} (1 to 96) with a required {@code input_type}; 1024 dimensions.
 * With {@code embedding_types} the answer is {@code embeddings_by_type}, one list per type.
 */
public final class CohereEmbeddingFamily implements EmbeddingFamily {

    private static final int DIMENSIONS = 1024;
    private static final Set<String> TYPES = Set.of("float", "int8", "uint8", "binary", "ubinary");
    private static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification", "clustering");

    private final ObjectMapper json;

    public CohereEmbeddingFamily(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Embedded embed(String modelId, JsonNode body) {
        JsonNode texts = body.path("texts");
        if (texts.isArray() && texts.isEmpty()) {
            throw ModelError.validation("Malformed input request: #/texts: expected minimum item count: 1, found: 0, "
                    + "please reformat your input and try again.");
        }
        if (!texts.isArray()) {
            throw ModelError.validation("Malformed input request: #: required key [texts] not found, please reformat your "
                    + "input and try again.");
        }
        if (texts.size() > 96) {
            throw ModelError.validation("Malformed input request: #/texts: expected maximum item count: 96, found: "
                    + texts.size() + ", please reformat your input and try again.");
        }
        String inputType = body.path("input_type").asText("");
        if (!INPUT_TYPES.contains(inputType)) {
            throw ModelError.validation(inputType.isEmpty()
                    ? "Malformed input request: #: required key [input_type] not found, please reformat your input and try again."
                    : "Malformed input request: #/input_type: " + inputType + " is not a valid enum value, please reformat "
                    + "your input and try again.");
        }
        ObjectNode answer = json.createObjectNode().put("id", UUID.randomUUID().toString());
        int tokens = 0;
        JsonNode types = body.path("embedding_types");
        if (types.isArray() && !types.isEmpty()) {
            for (JsonNode type : types) {
                if (!TYPES.contains(type.asText())) {
                    throw ModelError.validation("Malformed input request: #/embedding_types/0: " + type.asText()
                            + " is not a valid enum value, please reformat your input and try again.");
                }
            }
            ObjectNode byType = answer.putObject("embeddings");
            for (JsonNode type : types) {
                ArrayNode lists = byType.putArray(type.asText());
                for (JsonNode text : texts) {
                    lists.add(vector(text.asText(), type.asText()));
                }
            }
            answer.put("response_type", "embeddings_by_type");
        } else {
            ArrayNode lists = answer.putArray("embeddings");
            for (JsonNode text : texts) {
                lists.add(vector(text.asText(), "float"));
            }
            answer.put("response_type", "embeddings_floats");
        }
        ArrayNode echoed = answer.putArray("texts");
        for (JsonNode text : texts) {
            echoed.add(text.asText());
            tokens += EchoModel.estimateTokens(text.asText());
        }
        return new Embedded(answer, tokens);
    }

    private ArrayNode vector(String text, String type) {
        ArrayNode node = json.createArrayNode();
        float[] vector = DeterministicVector.of(text, DIMENSIONS, true);
        if (type.equals("binary") || type.equals("ubinary")) {
            // one bit per dimension, packed eight to a byte: 1024 dimensions are 128 values
            for (int i = 0; i < vector.length; i += 8) {
                int packed = 0;
                for (int bit = 0; bit < 8; bit++) {
                    packed = (packed << 1) | (vector[i + bit] > 0 ? 1 : 0);
                }
                node.add(type.equals("binary") ? packed - 128 : packed);
            }
            return node;
        }
        for (float v : vector) {
            if (type.equals("int8") || type.equals("uint8")) {
                node.add(type.startsWith("u") ? Math.round((v + 1) * 127.5f) : Math.round(v * 127));
            } else {
                node.add(v);
            }
        }
        return node;
    }
}

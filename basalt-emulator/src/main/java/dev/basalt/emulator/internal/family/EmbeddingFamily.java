package dev.basalt.emulator.internal.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One embedding family's native InvokeModel format. Vectors are deterministic: the same text gives
 * the same vector every time, and different texts give different ones, so tests can compare them.
 */
public interface EmbeddingFamily {

    /**
     * The response body for {@code body}.
     *
     * @throws dev.basalt.emulator.ModelError a 400 ValidationException with Bedrock's wording
     */
    Embedded embed(String modelId, JsonNode body);

    /** The body and the input token count Bedrock reports in its headers. */
    record Embedded(ObjectNode body, int inputTokens) {
    }
}

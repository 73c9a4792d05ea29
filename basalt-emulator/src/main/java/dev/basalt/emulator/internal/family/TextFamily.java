package dev.basalt.emulator.internal.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import java.util.List;

/**
 * One model family's native InvokeModel format for text generation: how its request body reads
 * as a {@link ModelRequest} and how a {@link ModelReply} is written as its response body and as its
 * stream chunks. Implementations are stateless and thread-safe.
 */
public interface TextFamily {

    /**
     * The request as a behaviour sees it.
     *
     * @param body the parsed JSON object the client sent
     * @throws dev.basalt.emulator.ModelError a 400 ValidationException with Bedrock's wording when
     *     the body is not what the family accepts
     */
    ModelRequest read(String modelId, JsonNode body, String bodyText);

    /** The InvokeModel response body. {@code modelId} is the base model id (what Anthropic calls "model"). */
    ObjectNode response(String modelId, ModelRequest request, ModelReply reply);

    /**
     * The InvokeModelWithResponseStream chunks, in order. Each is sent as a {@code chunk} event
     * whose {@code bytes} are the chunk's JSON; the sender adds
     * {@code amazon-bedrock-invocationMetrics} to the last one, as Bedrock does.
     */
    List<StreamChunk> stream(String modelId, ModelRequest request, ModelReply reply);
}

package dev.basalt.emulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The two JSON conversions every responder needs, with the one reasoning about their failures. */
public final class Json {

    private Json() {
    }

    /** Serialises a tree the emulator built; such a tree holds only strings, numbers and nodes. */
    public static byte[] bytes(ObjectMapper json, JsonNode tree) {
        try {
            return json.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * A tool input as a JSON object. A scripted input that is not valid JSON is passed as a string
     * so the client, not the emulator, reports it, as it would a model's malformed output.
     */
    public static JsonNode objectOrText(ObjectMapper json, String text) {
        try {
            JsonNode node = json.readTree(text);
            return node == null ? json.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}

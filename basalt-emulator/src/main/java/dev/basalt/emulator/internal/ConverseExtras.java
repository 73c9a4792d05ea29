package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The optional members of a Converse answer that the request asks for: the model's own response
 * fields named by {@code additionalModelResponseFieldPaths} (Anthropic's {@code stop_sequence}, at
 * the top or under {@code delta}), and the {@code performanceConfig} it was served with.
 *
 * @param additionalFields {@code additionalModelResponseFields}, or null when none was asked for
 * @param performanceConfig the request's {@code performanceConfig}, echoed, or null when it set none
 */
record ConverseExtras(ObjectNode additionalFields, JsonNode performanceConfig) {

    /** No stop sequence ends the emulator's replies: the field is present and null, as Claude answers then. */
    static ConverseExtras of(ObjectMapper json, JsonNode request, EmulatorCatalog.Model model) {
        ObjectNode fields = null;
        if (model.family().equals("anthropic")) {
            for (JsonNode path : request.path("additionalModelResponseFieldPaths")) {
                if (path.asText().equals("/stop_sequence")) {
                    fields = fields == null ? json.createObjectNode() : fields;
                    fields.putNull("stop_sequence");
                } else if (path.asText().equals("/delta/stop_sequence")) {
                    fields = fields == null ? json.createObjectNode() : fields;
                    fields.putObject("delta").putNull("stop_sequence");
                }
            }
        }
        JsonNode performance = request.path("performanceConfig");
        return new ConverseExtras(fields, performance.isObject() ? performance.deepCopy() : null);
    }

    /** Adds the performance config (a Converse answer, a ConverseStream metadata event). */
    void addPerformance(ObjectNode target) {
        if (performanceConfig != null) {
            target.set("performanceConfig", performanceConfig.deepCopy());
        }
    }

    /** Adds the model's fields (a Converse answer, a ConverseStream messageStop event). */
    void addFields(ObjectNode target) {
        if (additionalFields != null) {
            target.set("additionalModelResponseFields", additionalFields.deepCopy());
        }
    }
}

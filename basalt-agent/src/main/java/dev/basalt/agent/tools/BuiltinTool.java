package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.agent.Tool;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import dev.basalt.core.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** What the built-in tools share: the spec read from the JSON resource beside the class, and input checks. */
abstract class BuiltinTool implements Tool {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ToolSpec spec;

    BuiltinTool(String name) {
        try (InputStream in = BuiltinTool.class.getResourceAsStream(name + ".json")) {
            JsonNode schema = JSON.readTree(in);
            spec = new ToolSpec(schema.get("name").asText(), schema.get("description").asText(),
                    schema.get("input_schema").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    static String requiredString(JsonNode input, String field) throws ToolFailure {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual()) {
            throw new ToolFailure("'" + field + "' is required and must be a string");
        }
        return value.asText();
    }

    static String optionalString(JsonNode input, String field) throws ToolFailure {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ToolFailure("'" + field + "' must be a string");
        }
        return value.asText();
    }

    static Integer optionalInt(JsonNode input, String field, int min, int max) throws ToolFailure {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw new ToolFailure("'" + field + "' must be an integer from " + min + " to " + max);
        }
        return value.asInt();
    }

    /** The one path most tools take, from {@code field}. */
    static List<Path> pathOf(JsonNode input, String field, Workspace workspace) {
        JsonNode value = input.get(field);
        return List.of(workspace.resolve(value == null || !value.isTextual() ? null : value.asText()));
    }
}

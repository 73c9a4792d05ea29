package dev.basalt.core;

/** A tool the model may call. {@code inputSchemaJson} is a JSON Schema object, as text. */
public record ToolSpec(String name, String description, String inputSchemaJson) {

    public ToolSpec {
        if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
            // Bedrock rejects other names with a ValidationException; fail before the call.
            throw new IllegalArgumentException("tool name must match [a-zA-Z0-9_-]{1,64}: " + name);
        }
        description = description == null ? "" : description;
        inputSchemaJson = inputSchemaJson == null || inputSchemaJson.isBlank()
                ? "{\"type\":\"object\",\"properties\":{}}" : inputSchemaJson;
    }
}

package dev.basalt.core;

/**
 * Asks for the answer as JSON matching a JSON Schema. Providers without a native JSON mode offer a
 * tool named {@code name} whose input schema is {@code schemaJson} and force the model to call it;
 * the answer then arrives as one {@link Content.Text} holding the JSON text (core has no JSON
 * library, and text round-trips exactly), with {@link StopReason#END_TURN}.
 *
 * @param name the name the model sees for the answer; a tool name, so {@code [a-zA-Z0-9_-]{1,64}}
 * @param description what the answer is, for the model
 * @param schemaJson a JSON Schema object, as text
 */
public record OutputSchema(String name, String description, String schemaJson) {

    public static final String DEFAULT_NAME = "answer";

    public OutputSchema {
        name = name == null ? DEFAULT_NAME : name;
        if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("output schema name must match [a-zA-Z0-9_-]{1,64}: " + name);
        }
        description = description == null || description.isBlank()
                ? "Give your answer by calling this tool; its input is the answer, matching the schema." : description;
        if (schemaJson == null || schemaJson.isBlank()) {
            throw new IllegalArgumentException("an output schema needs a JSON Schema");
        }
    }

    /** The schema under the default name and description. */
    public static OutputSchema of(String schemaJson) {
        return new OutputSchema(DEFAULT_NAME, null, schemaJson);
    }

    /** The tool a provider offers to carry the answer. */
    public ToolSpec asTool() {
        return new ToolSpec(name, description, schemaJson);
    }
}

package dev.basalt.core;

import java.util.List;
import java.util.Objects;

/**
 * One block of a message. A closed set: providers translate each member exhaustively, so adding a
 * member is a compile error everywhere it must be handled.
 */
public sealed interface Content {

    /** Plain text. */
    record Text(String text) implements Content {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The model asks for a tool to be run. {@code inputJson} is the tool input as a JSON object text;
     * it is kept as text so core needs no JSON library and the input round-trips byte for byte.
     */
    record ToolUse(String id, String name, String inputJson) implements Content {
        public ToolUse {
            requireText(id, "id");
            requireText(name, "name");
            inputJson = inputJson == null || inputJson.isBlank() ? "{}" : inputJson;
        }
    }

    /** The answer to a {@link ToolUse}, sent back in a user message. */
    record ToolResult(String toolUseId, List<Content> content, boolean isError) implements Content {
        public ToolResult {
            requireText(toolUseId, "toolUseId");
            content = List.copyOf(content);
            for (Content c : content) {
                if (c instanceof ToolUse || c instanceof ToolResult) {
                    throw new IllegalArgumentException("a tool result cannot contain " + c.getClass().getSimpleName());
                }
            }
        }

        public static ToolResult text(String toolUseId, String text, boolean isError) {
            return new ToolResult(toolUseId, List.of(new Text(text)), isError);
        }
    }

    /** The model's visible reasoning; the signature must be sent back unchanged with the history. */
    record Reasoning(String text, String signature) implements Content {
        public Reasoning {
            Objects.requireNonNull(text, "text");
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}

package dev.basalt.emulator.internal.family;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One chunk of a family's stream.
 *
 * @param json the chunk as the family writes it
 * @param output the model output it carries ("" for bookkeeping chunks); sets its pace
 */
public record StreamChunk(ObjectNode json, String output) {
    public StreamChunk {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(output, "output");
    }

    public static StreamChunk control(ObjectNode json) {
        return new StreamChunk(json, "");
    }
}

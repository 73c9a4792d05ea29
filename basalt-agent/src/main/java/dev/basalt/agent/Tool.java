package dev.basalt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.core.ToolSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Something the model can ask to run. Every call goes through the same steps: {@link #validate}
 * the input, decide consent from {@link #readOnly()} and {@link #paths}, show {@link #describe},
 * then {@link #run}. Failures are {@link ToolFailure}s, sent back to the model as error results.
 */
public interface Tool {

    ToolSpec spec();

    default String name() {
        return spec().name();
    }

    /** Read-only tools inside the workspace run without asking, and in parallel with each other. */
    boolean readOnly();

    /** Checks the input before anything else happens; the message goes back to the model. */
    void validate(JsonNode input) throws ToolFailure;

    /** The file-system locations the call touches, for the workspace check. */
    List<Path> paths(JsonNode input, Workspace workspace);

    /** One line the user reads before consenting, e.g. "edit src/Main.java". */
    String describe(JsonNode input, Workspace workspace);

    /**
     * What the call would change, shown with the consent question so the person decides on the
     * change itself (a diff for edits); null when there is nothing more to show than
     * {@link #describe}, or when the change cannot be worked out (the run will then say why).
     */
    default String preview(JsonNode input, Workspace workspace) {
        return null;
    }

    /** Runs the call; the text returned is the tool result the model sees. */
    String run(JsonNode input, ToolContext context) throws ToolFailure;
}

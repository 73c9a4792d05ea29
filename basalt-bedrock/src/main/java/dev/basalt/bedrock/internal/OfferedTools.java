package dev.basalt.bedrock.internal;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The tools a request offers the model and the choice among them, as Converse and the Anthropic
 * Messages body both send them: a request for JSON output offers its schema as one more tool and
 * makes the model call it (the call's input is the answer, which {@code SchemaAnswer} hands back).
 */
record OfferedTools(List<ToolSpec> specs, ToolChoice choice) {

    static OfferedTools of(ChatRequest request) {
        if (request.outputSchema() == null) {
            return new OfferedTools(request.tools(), request.toolChoice());
        }
        List<ToolSpec> specs = new ArrayList<>(request.tools());
        specs.add(request.outputSchema().asTool());
        return new OfferedTools(List.copyOf(specs), new ToolChoice.Named(request.outputSchema().name()));
    }
}

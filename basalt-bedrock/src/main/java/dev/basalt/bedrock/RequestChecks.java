package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.ConverseRequestMapper;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ModelException;

/**
 * The checks {@link BedrockChatModel} makes before sending, made without a client or a call: the
 * model's capabilities from the catalog (vision, documents, reasoning, tools), Bedrock's limits on
 * images and documents (the history counts), thinking budgets and parameters. For callers that must
 * know a request will be refused before they commit to it (the CLI, before it records a message).
 */
public final class RequestChecks {

    private RequestChecks() {
    }

    /**
     * Returns when Bedrock would be sent {@code request}.
     *
     * @throws ModelException of kind VALIDATION naming the limit and the fix, as a call would
     */
    public static void check(ChatRequest request) {
        ConverseRequestMapper.converse(request, ModelCatalog.bundled().find(request.modelId()).orElse(null));
    }
}

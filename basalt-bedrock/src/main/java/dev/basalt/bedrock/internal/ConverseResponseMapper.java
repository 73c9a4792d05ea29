package dev.basalt.bedrock.internal;

import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/** The SDK's Converse response to core's {@link ChatResponse}. */
public final class ConverseResponseMapper {

    private ConverseResponseMapper() {
    }

    public static ChatResponse response(String modelId, ConverseResponse response) {
        List<Content> content = new ArrayList<>();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                Content mapped = content(block);
                if (mapped != null) {
                    content.add(mapped);
                }
            }
        }
        long latency = response.metrics() == null || response.metrics().latencyMs() == null ? 0 : response.metrics().latencyMs();
        return new ChatResponse(new Message(Role.ASSISTANT, content), StopReason.fromWire(response.stopReasonAsString()),
                usage(response.usage()), modelId, latency, OptionalDouble.empty(),
                response.trace() == null ? null : PojoJson.write(response.trace().guardrail()));
    }

    static Content content(ContentBlock block) {
        if (block.text() != null) {
            return new Content.Text(block.text());
        }
        if (block.toolUse() != null) {
            return new Content.ToolUse(block.toolUse().toolUseId(), block.toolUse().name(),
                    JsonDocuments.write(block.toolUse().input()));
        }
        if (block.reasoningContent() != null && block.reasoningContent().reasoningText() != null) {
            return new Content.Reasoning(block.reasoningContent().reasoningText().text(),
                    block.reasoningContent().reasoningText().signature());
        }
        if (block.reasoningContent() != null && block.reasoningContent().redactedContent() != null
                && block.reasoningContent().redactedContent().asByteArrayUnsafe().length > 0) {
            return new Content.RedactedReasoning(block.reasoningContent().redactedContent().asByteArray());
        }
        // Blocks core has no word for yet (citations, guard content) are dropped rather than failing the call.
        return null;
    }

    public static Usage usage(TokenUsage usage) {
        if (usage == null) {
            return Usage.ZERO;
        }
        return new Usage(orZero(usage.inputTokens()), orZero(usage.outputTokens()),
                orZero(usage.cacheReadInputTokens()), orZero(usage.cacheWriteInputTokens()));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}

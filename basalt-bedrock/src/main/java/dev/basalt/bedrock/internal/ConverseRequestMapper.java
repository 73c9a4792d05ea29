package dev.basalt.bedrock.internal;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.Content;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** Core's {@link ChatRequest} to the SDK's Converse and ConverseStream requests. */
public final class ConverseRequestMapper {

    private ConverseRequestMapper() {
    }

    public static ConverseRequest converse(ChatRequest request) {
        ConverseRequest.Builder builder = ConverseRequest.builder()
                .modelId(request.modelId())
                .messages(messages(request));
        if (!request.system().isEmpty()) {
            builder.system(system(request));
        }
        if (!request.tools().isEmpty()) {
            builder.toolConfig(toolConfig(request));
        }
        if (!request.inference().isDefault()) {
            builder.inferenceConfig(inference(request.inference()));
        }
        return builder.build();
    }

    /** The same request for ConverseStream: the two operations take identical members. */
    public static ConverseStreamRequest converseStream(ChatRequest request) {
        ConverseRequest converse = converse(request);
        ConverseStreamRequest.Builder builder = ConverseStreamRequest.builder()
                .modelId(converse.modelId())
                .messages(converse.messages())
                .toolConfig(converse.toolConfig())
                .inferenceConfig(converse.inferenceConfig());
        if (converse.hasSystem()) {
            builder.system(converse.system());
        }
        return builder.build();
    }

    static List<SystemContentBlock> system(ChatRequest request) {
        return request.system().stream().map(SystemContentBlock::fromText).toList();
    }

    static List<Message> messages(ChatRequest request) {
        List<Message> out = new ArrayList<>(request.messages().size());
        for (dev.basalt.core.Message message : request.messages()) {
            List<ContentBlock> blocks = new ArrayList<>();
            for (Content content : message.content()) {
                blocks.add(block(content));
            }
            out.add(Message.builder()
                    .role(message.role() == dev.basalt.core.Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT)
                    .content(blocks)
                    .build());
        }
        return out;
    }

    static ContentBlock block(Content content) {
        if (content instanceof Content.Text text) {
            return ContentBlock.fromText(text.text());
        }
        if (content instanceof Content.ToolUse use) {
            return ContentBlock.fromToolUse(ToolUseBlock.builder()
                    .toolUseId(use.id()).name(use.name()).input(JsonDocuments.parse(use.inputJson())).build());
        }
        if (content instanceof Content.ToolResult result) {
            List<ToolResultContentBlock> parts = new ArrayList<>();
            for (Content part : result.content()) {
                if (part instanceof Content.Text text) {
                    parts.add(ToolResultContentBlock.fromText(text.text()));
                } else {
                    throw new IllegalArgumentException("tool results can hold text only for now, not "
                            + part.getClass().getSimpleName());
                }
            }
            return ContentBlock.fromToolResult(ToolResultBlock.builder()
                    .toolUseId(result.toolUseId())
                    .content(parts)
                    .status(result.isError() ? ToolResultStatus.ERROR : ToolResultStatus.SUCCESS)
                    .build());
        }
        if (content instanceof Content.Reasoning reasoning) {
            return ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(
                    ReasoningTextBlock.builder().text(reasoning.text()).signature(reasoning.signature()).build()));
        }
        throw new IllegalArgumentException("unsupported content " + content.getClass().getSimpleName());
    }

    static ToolConfiguration toolConfig(ChatRequest request) {
        List<Tool> tools = new ArrayList<>();
        for (ToolSpec spec : request.tools()) {
            tools.add(Tool.fromToolSpec(software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification.builder()
                    .name(spec.name())
                    .description(spec.description().isEmpty() ? null : spec.description())
                    .inputSchema(ToolInputSchema.fromJson(JsonDocuments.parse(spec.inputSchemaJson())))
                    .build()));
        }
        return ToolConfiguration.builder().tools(tools).toolChoice(toolChoice(request.toolChoice())).build();
    }

    static software.amazon.awssdk.services.bedrockruntime.model.ToolChoice toolChoice(ToolChoice choice) {
        if (choice instanceof ToolChoice.Named named) {
            return software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromTool(
                    SpecificToolChoice.builder().name(named.name()).build());
        }
        if (choice instanceof ToolChoice.Any) {
            return software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromAny(AnyToolChoice.builder().build());
        }
        return software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromAuto(AutoToolChoice.builder().build());
    }

    static InferenceConfiguration inference(InferenceConfig config) {
        InferenceConfiguration.Builder builder = InferenceConfiguration.builder();
        if (config.maxTokens() != null) {
            builder.maxTokens(config.maxTokens());
        }
        if (config.temperature() != null) {
            builder.temperature(config.temperature().floatValue());
        }
        if (config.topP() != null) {
            builder.topP(config.topP().floatValue());
        }
        if (!config.stopSequences().isEmpty()) {
            builder.stopSequences(config.stopSequences());
        }
        return builder.build();
    }
}

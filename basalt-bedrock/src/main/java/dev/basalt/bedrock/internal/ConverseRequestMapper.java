package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.Content;
import dev.basalt.core.Guardrail;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConverseContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConverseTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailStreamConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailStreamProcessingMode;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailTrace;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
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

/**
 * Core's {@link ChatRequest} to the SDK's Converse and ConverseStream requests. What the model cannot
 * take is refused first ({@link ParameterLimits}, {@link AttachmentLimits}), so nothing is sent that
 * Bedrock would only send back as a ValidationException.
 */
public final class ConverseRequestMapper {

    private static final CachePointBlock CACHE_POINT = CachePointBlock.builder().type(CachePointType.DEFAULT).build();

    private ConverseRequestMapper() {
    }

    /** For a model the catalog does not know: nothing is checked that needs the catalog. */
    public static ConverseRequest converse(ChatRequest request) {
        return converse(request, null);
    }

    /** @param model the catalog entry of the model called, or null when the catalog does not know it */
    public static ConverseRequest converse(ChatRequest request, CatalogModel model) {
        ParameterLimits.check(request, model);
        AttachmentLimits.check(request, model);
        CachePlan cache = CachePlan.of(request, model);
        ConverseRequest.Builder builder = ConverseRequest.builder()
                .modelId(request.modelId())
                .messages(messages(request, cache));
        if (!request.system().isEmpty()) {
            builder.system(system(request, cache));
        }
        if (!request.tools().isEmpty() || request.outputSchema() != null) {
            builder.toolConfig(toolConfig(request, cache));
        }
        InferenceConfig inference = request.inference().withMaxTokens(ParameterLimits.maxTokens(request, model));
        if (!inference.isDefault()) {
            builder.inferenceConfig(inference(inference));
        }
        if (request.thinkingBudget() != null) {
            builder.additionalModelRequestFields(thinking(request.thinkingBudget()));
        }
        if (request.guardrail() != null) {
            Guardrail g = request.guardrail();
            builder.guardrailConfig(GuardrailConfiguration.builder()
                    .guardrailIdentifier(g.id()).guardrailVersion(g.version()).trace(trace(g)).build());
        }
        return builder.build();
    }

    /** The same request for ConverseStream: the two operations take the same members but the guardrail's. */
    public static ConverseStreamRequest converseStream(ChatRequest request, CatalogModel model) {
        ConverseRequest converse = converse(request, model);
        ConverseStreamRequest.Builder builder = ConverseStreamRequest.builder()
                .modelId(converse.modelId())
                .messages(converse.messages())
                .toolConfig(converse.toolConfig())
                .inferenceConfig(converse.inferenceConfig())
                .additionalModelRequestFields(converse.additionalModelRequestFields());
        if (converse.hasSystem()) {
            builder.system(converse.system());
        }
        if (request.guardrail() != null) {
            Guardrail g = request.guardrail();
            builder.guardrailConfig(GuardrailStreamConfiguration.builder()
                    .guardrailIdentifier(g.id()).guardrailVersion(g.version()).trace(trace(g))
                    .streamProcessingMode(g.streamMode() == Guardrail.StreamMode.ASYNC
                            ? GuardrailStreamProcessingMode.ASYNC : GuardrailStreamProcessingMode.SYNC)
                    .build());
        }
        return builder.build();
    }

    public static ConverseStreamRequest converseStream(ChatRequest request) {
        return converseStream(request, null);
    }

    /**
     * CountTokens for the Converse input this request would send to {@code modelId}: the same checks,
     * messages, system prompt, tools and additional fields, so the count is what Converse would charge.
     */
    public static CountTokensRequest countTokens(ChatRequest request, CatalogModel model, String modelId) {
        ConverseRequest converse = converse(request, model);
        ConverseTokensRequest.Builder input = ConverseTokensRequest.builder()
                .messages(converse.messages())
                .toolConfig(converse.toolConfig())
                .additionalModelRequestFields(converse.additionalModelRequestFields());
        if (converse.hasSystem()) {
            input.system(converse.system());
        }
        return CountTokensRequest.builder()
                .modelId(modelId)
                .input(CountTokensInput.fromConverse(input.build()))
                .build();
    }

    static List<SystemContentBlock> system(ChatRequest request, CachePlan cache) {
        List<SystemContentBlock> blocks = new ArrayList<>();
        request.system().forEach(text -> blocks.add(SystemContentBlock.fromText(text)));
        if (cache.system()) {
            blocks.add(SystemContentBlock.fromCachePoint(CACHE_POINT));
        }
        return blocks;
    }

    static List<Message> messages(ChatRequest request, CachePlan cache) {
        DocumentNames names = new DocumentNames();
        int guarded = guardedTurn(request);
        List<Message> out = new ArrayList<>(request.messages().size());
        for (int i = 0; i < request.messages().size(); i++) {
            dev.basalt.core.Message message = request.messages().get(i);
            List<ContentBlock> blocks = new ArrayList<>();
            for (Content content : message.content()) {
                blocks.add(i == guarded && content instanceof Content.Text text ? guardContent(text) : block(content, names));
            }
            if (cache.userTurns().contains(i)) {
                blocks.add(ContentBlock.fromCachePoint(CACHE_POINT));
            }
            out.add(Message.builder()
                    .role(message.role() == dev.basalt.core.Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT)
                    .content(blocks)
                    .build());
        }
        return out;
    }

    /**
     * The message whose text a guardrail scoped to {@link Guardrail.Scope#LATEST_USER_INPUT} evaluates,
     * or -1. It is the last user message that holds text: in a tool loop the last user message holds
     * only tool results, and the input is still the text before them. Bedrock evaluates only the
     * guardContent blocks of a request that has any, and everything in one that has none, so a
     * conversation without user text (images only, say) is evaluated whole rather than not at all.
     */
    static int guardedTurn(ChatRequest request) {
        if (request.guardrail() == null || request.guardrail().scope() != Guardrail.Scope.LATEST_USER_INPUT) {
            return -1;
        }
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            dev.basalt.core.Message message = request.messages().get(i);
            if (message.role() == dev.basalt.core.Role.USER && message.content().stream().anyMatch(Content.Text.class::isInstance)) {
                return i;
            }
        }
        return -1;
    }

    private static ContentBlock guardContent(Content.Text text) {
        return ContentBlock.fromGuardContent(GuardrailConverseContentBlock.fromText(
                GuardrailConverseTextBlock.builder().text(text.text()).build()));
    }

    static ContentBlock block(Content content, DocumentNames names) {
        // Java 17 has no pattern switch; ordered by frequency.
        if (content instanceof Content.Text text) {
            return ContentBlock.fromText(text.text());
        }
        if (content instanceof Content.ToolUse use) {
            return ContentBlock.fromToolUse(ToolUseBlock.builder()
                    .toolUseId(use.id()).name(use.name()).input(JsonDocuments.parse(use.inputJson())).build());
        }
        if (content instanceof Content.ToolResult result) {
            return ContentBlock.fromToolResult(toolResult(result, names));
        }
        if (content instanceof Content.Reasoning reasoning) {
            // Claude checks the signature of earlier thinking: it goes back exactly as it came.
            return ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(
                    ReasoningTextBlock.builder().text(reasoning.text()).signature(reasoning.signature()).build()));
        }
        if (content instanceof Content.Image image) {
            return ContentBlock.fromImage(image(image));
        }
        if (content instanceof Content.Document document) {
            return ContentBlock.fromDocument(document(document, names));
        }
        if (content instanceof Content.RedactedReasoning redacted) {
            // opaque to us and to the user; the model needs it back byte for byte
            return ContentBlock.fromReasoningContent(ReasoningContentBlock.fromRedactedContent(
                    SdkBytes.fromByteArrayUnsafe(redacted.data())));
        }
        throw new IllegalArgumentException("unsupported content " + content.getClass().getSimpleName());
    }

    private static ToolResultBlock toolResult(Content.ToolResult result, DocumentNames names) {
        List<ToolResultContentBlock> parts = new ArrayList<>();
        for (Content part : result.content()) {
            if (part instanceof Content.Text text) {
                parts.add(ToolResultContentBlock.fromText(text.text()));
            } else if (part instanceof Content.Image image) {
                parts.add(ToolResultContentBlock.fromImage(image(image)));
            } else if (part instanceof Content.Document document) {
                parts.add(ToolResultContentBlock.fromDocument(document(document, names)));
            } else {
                throw new IllegalArgumentException("a tool result can hold text, images and documents, not "
                        + part.getClass().getSimpleName());
            }
        }
        return ToolResultBlock.builder()
                .toolUseId(result.toolUseId())
                .content(parts)
                .status(result.isError() ? ToolResultStatus.ERROR : ToolResultStatus.SUCCESS)
                .build();
    }

    private static ImageBlock image(Content.Image image) {
        // data() is already a copy, so the SDK may keep it without another
        return ImageBlock.builder()
                .format(image.format().wireName())
                .source(ImageSource.fromBytes(SdkBytes.fromByteArrayUnsafe(image.data())))
                .build();
    }

    private static DocumentBlock document(Content.Document document, DocumentNames names) {
        return DocumentBlock.builder()
                .format(document.format().wireName())
                .name(names.next(document.name()))
                .source(DocumentSource.fromBytes(SdkBytes.fromByteArrayUnsafe(document.data())))
                .build();
    }

    static ToolConfiguration toolConfig(ChatRequest request, CachePlan cache) {
        OfferedTools offered = OfferedTools.of(request);
        List<Tool> tools = new ArrayList<>();
        for (ToolSpec spec : offered.specs()) {
            tools.add(tool(spec));
        }
        if (cache.tools()) {
            tools.add(Tool.fromCachePoint(CACHE_POINT));
        }
        return ToolConfiguration.builder().tools(tools).toolChoice(toolChoice(offered.choice())).build();
    }

    private static Tool tool(ToolSpec spec) {
        return Tool.fromToolSpec(software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification.builder()
                .name(spec.name())
                .description(spec.description().isEmpty() ? null : spec.description())
                .inputSchema(ToolInputSchema.fromJson(JsonDocuments.parse(spec.inputSchemaJson())))
                .build());
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

    /** Claude's extended thinking, which Converse has no member for: passed through to the model as is. */
    private static Document thinking(int budgetTokens) {
        Map<String, Document> thinking = new LinkedHashMap<>();
        thinking.put("type", Document.fromString("enabled"));
        thinking.put("budget_tokens", Document.fromNumber(budgetTokens));
        return Document.fromMap(Map.of("thinking", Document.fromMap(thinking)));
    }

    private static GuardrailTrace trace(Guardrail guardrail) {
        return guardrail.trace() ? GuardrailTrace.ENABLED : GuardrailTrace.DISABLED;
    }
}

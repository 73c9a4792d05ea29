package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.DocumentFormat;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;
import dev.basalt.core.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Claude's Anthropic Messages body as Bedrock carries it ({@code anthropic_version}
 * {@value #VERSION}; the model is in the path, never in the body). What Converse sends for Claude
 * has a place here: system blocks, text, base64 images, PDF and text documents (Office files only
 * through Converse), tool use and results, thinking blocks with their signatures and redacted ones,
 * tools and tool choice, the thinking budget, and prompt-cache points as {@code cache_control} on
 * the block before each point. Guardrails go in the InvokeModel headers; their verdict and trace come
 * back in members Bedrock adds to the body.
 */
public final class AnthropicMessagesBody implements NativeBody {

    static final AnthropicMessagesBody INSTANCE = new AnthropicMessagesBody();
    static final String VERSION = "bedrock-2023-05-31";
    /**
     * Anthropic requires max_tokens. Bedrock reserves it against the tokens-per-minute quota when a
     * call starts, so asking for the model's whole output limit on every call would throttle sooner;
     * a request that names none gets this much (or the model's limit when that is lower).
     */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private static final Document EPHEMERAL = Document.mapBuilder().putString("type", "ephemeral").build();

    private AnthropicMessagesBody() {
    }

    @Override
    public String family() {
        return "Anthropic Messages";
    }

    @Override
    public String body(ChatRequest request, CatalogModel model) {
        ParameterLimits.check(request, model);
        AttachmentLimits.check(request, model);
        CachePlan cache = CachePlan.of(request, model);
        Map<String, Document> body = new LinkedHashMap<>();
        body.put("anthropic_version", Document.fromString(VERSION));
        body.put("max_tokens", Document.fromNumber(maxTokens(request, model)));
        if (!request.system().isEmpty()) {
            body.put("system", Document.fromList(blocks(textBlocks(request.system()), cache.system())));
        }
        body.put("messages", Document.fromList(messages(request, cache)));
        if (!request.tools().isEmpty() || request.outputSchema() != null) {
            tools(request, cache, body);
        }
        InferenceConfig inference = request.inference();
        if (inference.temperature() != null) {
            body.put("temperature", Document.fromNumber(inference.temperature()));
        }
        if (inference.topP() != null) {
            body.put("top_p", Document.fromNumber(inference.topP()));
        }
        if (!inference.stopSequences().isEmpty()) {
            body.put("stop_sequences", Document.fromList(inference.stopSequences().stream().map(Document::fromString).toList()));
        }
        if (request.thinkingBudget() != null) {
            body.put("thinking", Document.mapBuilder().putString("type", "enabled")
                    .putNumber("budget_tokens", request.thinkingBudget()).build());
        }
        return JsonDocuments.write(Document.fromMap(body));
    }

    private static int maxTokens(ChatRequest request, CatalogModel model) {
        Integer asked = ParameterLimits.maxTokens(request, model);
        if (asked != null) {
            return asked;
        }
        return model != null && model.maxOutput() > 0 ? Math.min(DEFAULT_MAX_TOKENS, model.maxOutput()) : DEFAULT_MAX_TOKENS;
    }

    private static List<Map<String, Document>> textBlocks(List<String> texts) {
        List<Map<String, Document>> blocks = new ArrayList<>();
        texts.forEach(text -> blocks.add(text(text)));
        return blocks;
    }

    /** The blocks as Documents, the last marked as a cache point when {@code cached}. */
    private static List<Document> blocks(List<Map<String, Document>> blocks, boolean cached) {
        if (cached && !blocks.isEmpty()) {
            blocks.get(blocks.size() - 1).put("cache_control", EPHEMERAL);
        }
        return blocks.stream().map(Document::fromMap).toList();
    }

    private static List<Document> messages(ChatRequest request, CachePlan cache) {
        List<Document> messages = new ArrayList<>(request.messages().size());
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            List<Map<String, Document>> blocks = new ArrayList<>();
            for (Content content : message.content()) {
                blocks.add(block(content));
            }
            messages.add(Document.mapBuilder()
                    .putString("role", message.role() == Role.USER ? "user" : "assistant")
                    .putList("content", blocks(blocks, cache.userTurns().contains(i)))
                    .build());
        }
        return messages;
    }

    private static Map<String, Document> block(Content content) {
        // Java 17 has no pattern switch; ordered by frequency.
        if (content instanceof Content.Text text) {
            return text(text.text());
        }
        if (content instanceof Content.ToolUse use) {
            Map<String, Document> block = typed("tool_use");
            block.put("id", Document.fromString(use.id()));
            block.put("name", Document.fromString(use.name()));
            block.put("input", JsonDocuments.parse(use.inputJson()));
            return block;
        }
        if (content instanceof Content.ToolResult result) {
            Map<String, Document> block = typed("tool_result");
            block.put("tool_use_id", Document.fromString(result.toolUseId()));
            if (!result.content().isEmpty()) {
                List<Document> parts = new ArrayList<>();
                result.content().forEach(part -> parts.add(Document.fromMap(block(part))));
                block.put("content", Document.fromList(parts));
            }
            if (result.isError()) {
                block.put("is_error", Document.fromBoolean(true));
            }
            return block;
        }
        if (content instanceof Content.Reasoning reasoning) {
            // Claude checks the signature of earlier thinking: it goes back exactly as it came.
            Map<String, Document> block = typed("thinking");
            block.put("thinking", Document.fromString(reasoning.text()));
            if (reasoning.signature() != null) {
                block.put("signature", Document.fromString(reasoning.signature()));
            }
            return block;
        }
        if (content instanceof Content.RedactedReasoning redacted) {
            Map<String, Document> block = typed("redacted_thinking");
            block.put("data", Document.fromString(Base64.getEncoder().encodeToString(redacted.data())));
            return block;
        }
        if (content instanceof Content.Image image) {
            Map<String, Document> block = typed("image");
            block.put("source", base64("image/" + image.format().wireName(), image.data()));
            return block;
        }
        if (content instanceof Content.Document document) {
            return document(document);
        }
        throw new IllegalArgumentException("unsupported content " + content.getClass().getSimpleName());
    }

    /** Anthropic reads PDFs as base64 and plain-text formats as text; Office files only through Converse. */
    private static Map<String, Document> document(Content.Document document) {
        Map<String, Document> block = typed("document");
        DocumentFormat format = document.format();
        if (format == DocumentFormat.PDF) {
            block.put("source", base64("application/pdf", document.data()));
        } else if (format == DocumentFormat.TXT || format == DocumentFormat.MD || format == DocumentFormat.CSV
                || format == DocumentFormat.HTML) {
            block.put("source", Document.mapBuilder().putString("type", "text").putString("media_type", "text/plain")
                    .putString("data", new String(document.data(), StandardCharsets.UTF_8)).build());
        } else {
            throw new ModelException(ErrorKind.VALIDATION, document.name() + " is a " + format.wireName()
                    + " document; the Anthropic Messages body takes PDF and text documents only",
                    "convert it to PDF, or use --api converse, which sends Office documents");
        }
        block.put("title", Document.fromString(document.name()));
        return block;
    }

    private static void tools(ChatRequest request, CachePlan cache, Map<String, Document> body) {
        OfferedTools offered = OfferedTools.of(request);
        List<Map<String, Document>> tools = new ArrayList<>();
        for (ToolSpec spec : offered.specs()) {
            tools.add(tool(spec));
        }
        ToolChoice choice = offered.choice();
        body.put("tools", Document.fromList(blocks(tools, cache.tools())));
        if (choice instanceof ToolChoice.Named named) {
            body.put("tool_choice", Document.mapBuilder().putString("type", "tool").putString("name", named.name()).build());
        } else {
            body.put("tool_choice", Document.mapBuilder().putString("type", choice instanceof ToolChoice.Any ? "any" : "auto").build());
        }
    }

    private static Map<String, Document> tool(ToolSpec spec) {
        Map<String, Document> tool = new LinkedHashMap<>();
        tool.put("name", Document.fromString(spec.name()));
        if (!spec.description().isEmpty()) {
            tool.put("description", Document.fromString(spec.description()));
        }
        tool.put("input_schema", JsonDocuments.parse(spec.inputSchemaJson()));
        return tool;
    }

    private static Map<String, Document> text(String text) {
        Map<String, Document> block = typed("text");
        block.put("text", Document.fromString(text));
        return block;
    }

    private static Map<String, Document> typed(String type) {
        Map<String, Document> block = new LinkedHashMap<>();
        block.put("type", Document.fromString(type));
        return block;
    }

    private static Document base64(String mediaType, byte[] data) {
        return Document.mapBuilder().putString("type", "base64").putString("media_type", mediaType)
                .putString("data", Base64.getEncoder().encodeToString(data)).build();
    }

    @Override
    public ChatResponse response(String modelId, JsonNode body, Usage bedrockUsage, long latencyMs) {
        List<Content> content = new ArrayList<>();
        for (JsonNode block : JsonDocuments.member(body, "content").filter(JsonNode::isArray).map(JsonNode::asArray)
                .orElse(List.of())) {
            Content mapped = content(block);
            if (mapped != null) {
                content.add(mapped);
            }
        }
        Usage usage = JsonDocuments.member(body, "usage").map(u -> usage(u, Usage.ZERO)).orElse(bedrockUsage);
        StopReason stop = NativeBody.guarded(body, stopReason(JsonDocuments.string(body, "stop_reason")));
        return new ChatResponse(new Message(Role.ASSISTANT, content), stop, usage, modelId, latencyMs, OptionalDouble.empty(),
                NativeBody.guardrailTrace(body));
    }

    private static Content content(JsonNode block) {
        String type = JsonDocuments.string(block, "type");
        if ("text".equals(type)) {
            return new Content.Text(orEmpty(JsonDocuments.string(block, "text")));
        }
        if ("tool_use".equals(type)) {
            String input = JsonDocuments.member(block, "input").map(JsonDocuments::write).orElse("{}");
            return new Content.ToolUse(JsonDocuments.string(block, "id"), JsonDocuments.string(block, "name"), input);
        }
        if ("thinking".equals(type)) {
            return new Content.Reasoning(orEmpty(JsonDocuments.string(block, "thinking")), JsonDocuments.string(block, "signature"));
        }
        if ("redacted_thinking".equals(type)) {
            byte[] data = redacted(block);
            return data.length == 0 ? null : new Content.RedactedReasoning(data);
        }
        // Blocks core has no word for yet are dropped rather than failing the call, as on Converse.
        return null;
    }

    /**
     * A redacted block's {@code data} as the bytes Converse carries in {@code redactedContent}: its
     * base64 decoded, so a conversation moves between the two APIs unchanged.
     */
    private static byte[] redacted(JsonNode block) {
        String data = orEmpty(JsonDocuments.string(block, "data"));
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return data.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Anthropic's stop reasons are Converse's, but for {@code refusal} (Bedrock's guardrail or Claude's own). */
    static StopReason stopReason(String wire) {
        return "refusal".equals(wire) ? StopReason.CONTENT_FILTERED : StopReason.fromWire(wire);
    }

    /** Anthropic's usage over {@code earlier}: members the object leaves out keep their earlier count. */
    private static Usage usage(JsonNode usage, Usage earlier) {
        return new Usage(
                orElse(JsonDocuments.integer(usage, "input_tokens"), earlier.inputTokens()),
                orElse(JsonDocuments.integer(usage, "output_tokens"), earlier.outputTokens()),
                orElse(JsonDocuments.integer(usage, "cache_read_input_tokens"), earlier.cacheReadTokens()),
                orElse(JsonDocuments.integer(usage, "cache_creation_input_tokens"), earlier.cacheWriteTokens()));
    }

    private static int orElse(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    @Override
    public ChunkReader reader(StreamListener listener) {
        return new Chunks(listener);
    }

    /**
     * Anthropic's stream events as core's: {@code message_start} carries the input and cache counts,
     * {@code message_delta} the stop reason and output count; {@code message_stop} (with Bedrock's
     * invocation metrics) ends it, so the stop and the usage are reported there, together.
     */
    private static final class Chunks implements ChunkReader {
        private final StreamListener listener;
        private final Set<Integer> dropped = new HashSet<>();
        private Usage usage;
        private StopReason stopReason;
        private final StreamGuardrail guardrail = new StreamGuardrail();

        Chunks(StreamListener listener) {
            this.listener = listener;
        }

        @Override
        public void chunk(JsonNode chunk) {
            String type = JsonDocuments.string(chunk, "type");
            guardrail.read(chunk);
            if ("content_block_delta".equals(type)) {
                delta(chunk);
            } else if ("content_block_start".equals(type)) {
                start(chunk);
            } else if ("content_block_stop".equals(type)) {
                int index = index(chunk);
                if (!dropped.contains(index)) {
                    listener.onEvent(new StreamEvent.BlockStop(index));
                }
            } else if ("message_start".equals(type)) {
                listener.onEvent(new StreamEvent.MessageStart(Role.ASSISTANT));
                usage = JsonDocuments.member(chunk, "message").flatMap(m -> JsonDocuments.member(m, "usage"))
                        .map(u -> usage(u, Usage.ZERO)).orElse(null);
            } else if ("message_delta".equals(type)) {
                stopReason = stopReason(JsonDocuments.member(chunk, "delta")
                        .map(d -> JsonDocuments.string(d, "stop_reason")).orElse(null));
                JsonDocuments.member(chunk, "usage").ifPresent(u -> usage = usage(u, usage == null ? Usage.ZERO : usage));
            } else if ("message_stop".equals(type)) {
                stop(chunk);
            }
            // ping, and event types newer than this reader, carry nothing core needs.
        }

        private void start(JsonNode chunk) {
            int index = index(chunk);
            JsonNode block = JsonDocuments.member(chunk, "content_block").orElse(null);
            String type = JsonDocuments.string(block, "type");
            if ("tool_use".equals(type)) {
                listener.onEvent(new StreamEvent.ToolUseStart(index, JsonDocuments.string(block, "id"),
                        JsonDocuments.string(block, "name")));
            } else if ("text".equals(type)) {
                String text = JsonDocuments.string(block, "text");
                if (text != null && !text.isEmpty()) {
                    listener.onEvent(new StreamEvent.TextDelta(index, text));
                }
            } else if ("redacted_thinking".equals(type)) {
                // sent whole in its start event, with no deltas
                byte[] data = redacted(block);
                if (data.length > 0) {
                    listener.onEvent(new StreamEvent.RedactedReasoningDelta(index, data));
                } else {
                    dropped.add(index);
                }
            } else if (!"thinking".equals(type)) {
                dropped.add(index);   // a block core has no word for
            }
        }

        private void delta(JsonNode chunk) {
            int index = index(chunk);
            JsonNode delta = JsonDocuments.member(chunk, "delta").orElse(null);
            String type = JsonDocuments.string(delta, "type");
            if (dropped.contains(index) || type == null) {
                return;
            }
            switch (type) {
                case "text_delta" -> listener.onEvent(new StreamEvent.TextDelta(index, orEmpty(JsonDocuments.string(delta, "text"))));
                case "input_json_delta" -> listener.onEvent(new StreamEvent.ToolInputDelta(index,
                        orEmpty(JsonDocuments.string(delta, "partial_json"))));
                case "thinking_delta" -> listener.onEvent(new StreamEvent.ReasoningDelta(index,
                        orEmpty(JsonDocuments.string(delta, "thinking")), null));
                case "signature_delta" -> listener.onEvent(new StreamEvent.ReasoningDelta(index, null,
                        JsonDocuments.string(delta, "signature")));
                default -> {
                    // citations and newer deltas: nothing core can show
                }
            }
        }

        private void stop(JsonNode chunk) {
            JsonNode metrics = JsonDocuments.member(chunk, "amazon-bedrock-invocationMetrics").orElse(null);
            if (usage == null) {
                usage = new Usage(orElse(JsonDocuments.integer(metrics, "inputTokenCount"), 0),
                        orElse(JsonDocuments.integer(metrics, "outputTokenCount"), 0), 0, 0);
            }
            StopReason reason = stopReason == null ? StopReason.UNKNOWN : stopReason;
            listener.onEvent(new StreamEvent.MessageStop(guardrail.stopReason(reason)));
            listener.onEvent(new StreamEvent.Metadata(usage, orElse(JsonDocuments.integer(metrics, "invocationLatency"), 0),
                    guardrail.trace()));
        }

        private static int index(JsonNode chunk) {
            return orElse(JsonDocuments.integer(chunk, "index"), 0);
        }
    }
}

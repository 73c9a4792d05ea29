package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import dev.basalt.core.Usage;
import java.util.List;
import java.util.OptionalDouble;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The families that read the conversation as one prompt string and answer plain text (Titan Text,
 * Llama 3, Mistral's instruct models). They differ in the prompt's markup and in their members' names;
 * what they share is here: text only, one text block in the answer, and a stream whose chunks each
 * carry a piece of it, the last one with the stop reason.
 */
sealed interface PromptBody extends NativeBody permits TitanTextBody, LlamaBody, MistralBody {

    /**
     * What one answer body or one stream chunk says.
     *
     * @param text the text it carries, "" for none
     * @param inputTokens the input count if it carries one, else null
     * @param outputTokens the output count so far if it carries one, else null
     * @param stopReason why the model stopped; null on every chunk but the last
     */
    record Piece(String text, Integer inputTokens, Integer outputTokens, StopReason stopReason) {
        public Piece {
            text = text == null ? "" : text;
        }
    }

    /** Reads an answer body or a stream chunk (the families use the same members in both). */
    Piece piece(JsonNode json);

    /**
     * Refuses, before sending, what a prompt cannot carry: tools, JSON output, a thinking budget, and
     * every block that is not text. Then the limits every request is checked against.
     */
    default void check(ChatRequest request, CatalogModel model) {
        String who = model == null ? request.modelId() : model.name();
        boolean toolsOnConverse = model != null && model.supports("tools");
        if (request.outputSchema() != null) {
            throw invalid("the request asks for JSON output", toolsOnConverse ? "use --api converse for JSON output from " + who
                    : "drop the output schema, or use a model with tools, e.g. sonnet");
        }
        if (!request.tools().isEmpty()) {
            throw invalid("the request offers tools", toolsOnConverse ? "use --api converse, which can send " + who + " tools"
                    : "drop the tools, or use a model with tools, e.g. sonnet");
        }
        if (request.thinkingBudget() != null) {
            throw invalid("the request has a thinking budget", "drop the thinking budget, or use a model with reasoning, e.g. sonnet");
        }
        for (int i = 0; i < request.messages().size(); i++) {
            for (Content content : request.messages().get(i).content()) {
                if (!(content instanceof Content.Text)) {
                    throw invalid("message " + (i + 1) + " holds " + describe(content),
                            "send text only to " + who + ", or use a model that reads it through Converse, e.g. sonnet");
                }
            }
        }
        ParameterLimits.check(request, model);
    }

    private ModelException invalid(String what, String hint) {
        return new ModelException(ErrorKind.VALIDATION, "the " + family() + " body carries text only, and " + what, hint);
    }

    private static String describe(Content content) {
        if (content instanceof Content.Image image) {
            return "an image (" + image.name() + ")";
        }
        if (content instanceof Content.Document document) {
            return "a document (" + document.name() + ")";
        }
        if (content instanceof Content.ToolUse || content instanceof Content.ToolResult) {
            return "a tool call or result";
        }
        return "reasoning from another model";
    }

    /** False when the last message is the assistant's: the prompt then ends with its text, for the model to go on. */
    static boolean endsWithUser(ChatRequest request) {
        List<Message> messages = request.messages();
        return messages.get(messages.size() - 1).role() == Role.USER;
    }

    @Override
    default ChatResponse response(String modelId, JsonNode body, Usage bedrockUsage, long latencyMs) {
        Piece piece = piece(body);
        List<Content> content = piece.text().isEmpty() ? List.of() : List.of(new Content.Text(piece.text()));
        Usage usage = new Usage(piece.inputTokens() != null ? piece.inputTokens() : bedrockUsage.inputTokens(),
                piece.outputTokens() != null ? piece.outputTokens() : bedrockUsage.outputTokens(), 0, 0);
        StopReason stop = NativeBody.guarded(body, piece.stopReason() == null ? StopReason.UNKNOWN : piece.stopReason());
        return new ChatResponse(new Message(Role.ASSISTANT, content), stop, usage, modelId, latencyMs, OptionalDouble.empty(),
                NativeBody.guardrailTrace(body));
    }

    @Override
    default ChunkReader reader(StreamListener listener) {
        return new Chunks(this, listener);
    }

    /**
     * One stream: the first chunk starts the message, each piece of text is a delta of block 0, and
     * the chunk with the stop reason ends the block and the message. Counts the chunks leave out
     * (Mistral gives none) come from Bedrock's invocation metrics on the last chunk.
     */
    final class Chunks implements ChunkReader {
        private final PromptBody family;
        private final StreamListener listener;
        private boolean started;
        private boolean text;
        private final StreamGuardrail guardrail = new StreamGuardrail();
        private Integer inputTokens;
        private Integer outputTokens;

        Chunks(PromptBody family, StreamListener listener) {
            this.family = family;
            this.listener = listener;
        }

        @Override
        public void chunk(JsonNode chunk) {
            if (!started) {
                started = true;
                listener.onEvent(new StreamEvent.MessageStart(Role.ASSISTANT));
            }
            Piece piece = family.piece(chunk);
            guardrail.read(chunk);
            if (piece.inputTokens() != null) {
                inputTokens = piece.inputTokens();
            }
            if (piece.outputTokens() != null) {
                outputTokens = piece.outputTokens();
            }
            if (!piece.text().isEmpty()) {
                text = true;
                listener.onEvent(new StreamEvent.TextDelta(0, piece.text()));
            }
            if (piece.stopReason() == null) {
                return;
            }
            JsonNode metrics = JsonDocuments.member(chunk, "amazon-bedrock-invocationMetrics").orElse(null);
            Usage usage = new Usage(count(inputTokens, metrics, "inputTokenCount"), count(outputTokens, metrics, "outputTokenCount"),
                    0, 0);
            if (text) {
                listener.onEvent(new StreamEvent.BlockStop(0));
            }
            listener.onEvent(new StreamEvent.MessageStop(guardrail.stopReason(piece.stopReason())));
            Integer latency = JsonDocuments.integer(metrics, "invocationLatency");
            listener.onEvent(new StreamEvent.Metadata(usage, latency == null ? 0 : latency, guardrail.trace()));
        }

        private static int count(Integer fromChunks, JsonNode metrics, String name) {
            if (fromChunks != null) {
                return fromChunks;
            }
            Integer fromMetrics = JsonDocuments.integer(metrics, name);
            return fromMetrics == null ? 0 : fromMetrics;
        }
    }
}

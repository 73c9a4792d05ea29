package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Guardrail;
import dev.basalt.core.ModelException;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamListener;
import dev.basalt.core.Usage;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Trace;

/**
 * A model family's native InvokeModel body: core's {@link ChatRequest} as the JSON the family reads,
 * and its answer and stream chunks back as core's {@link ChatResponse} and stream events, so
 * InvokeModel and InvokeModelWithResponseStream give the caller what Converse would. What the family
 * cannot express is refused before sending with a one-line {@link ErrorKind#VALIDATION}, never dropped.
 *
 * <p>Bodies are written with the SDK's {@code Document} and read with its JSON parser, as
 * {@link EmbeddingFormat} does: the provider needs no JSON library of its own.
 */
public sealed interface NativeBody permits AnthropicMessagesBody, PromptBody {

    String JSON = "application/json";

    /** The families {@link #of} knows, for messages. */
    String FAMILIES = "Claude (Anthropic Messages), Amazon Titan Text, Meta Llama 3 and Mistral's instruct models";

    /** The body of the family serving {@code baseModelId} (no geography, no ARN), if Basalt writes it. */
    static Optional<NativeBody> of(String baseModelId) {
        String id = baseModelId.toLowerCase(Locale.ROOT);
        if (id.startsWith("anthropic.claude")) {
            return Optional.of(AnthropicMessagesBody.INSTANCE);
        }
        if (id.startsWith("amazon.titan-text-")) {
            return Optional.of(TitanTextBody.INSTANCE);
        }
        // Llama 3.x only: Llama 2 and Llama 4 use other prompt tokens.
        if (id.startsWith("meta.llama3")) {
            return Optional.of(LlamaBody.INSTANCE);
        }
        // The models that read Mistral's [INST] prompt; later Mistral models take chat messages instead.
        if (id.matches("mistral\\.(mistral-7b-instruct|mixtral-8x7b-instruct|mistral-large-2402|mistral-small-2402).*")) {
            return Optional.of(MistralBody.INSTANCE);
        }
        return Optional.empty();
    }

    /** The family's name in messages, e.g. "Titan Text". */
    String family();

    /**
     * The request body as JSON text.
     *
     * @param model the catalog entry, or null when the catalog does not know the model
     * @throws ModelException of kind {@link ErrorKind#VALIDATION} for what the family or the model cannot take
     */
    String body(ChatRequest request, CatalogModel model);

    /**
     * The InvokeModel answer.
     *
     * @param bedrockUsage Bedrock's own counts (the token-count headers), for what the body does not say
     */
    ChatResponse response(String modelId, JsonNode body, Usage bedrockUsage, long latencyMs);

    /** A reader of one stream's chunks; it hands {@code listener} the events in core's order. */
    ChunkReader reader(StreamListener listener);

    /** Reads the chunks of one stream, in order, on the stream's thread. */
    interface ChunkReader {
        void chunk(JsonNode chunk);
    }

    default InvokeModelRequest invokeRequest(ChatRequest request, CatalogModel model) {
        Guardrail g = request.guardrail();
        if (g != null && g.scope() == Guardrail.Scope.LATEST_USER_INPUT) {
            // Converse marks the text to evaluate with guardContent blocks; a native body has no such
            // block, and evaluating the whole conversation instead would block what the caller let through.
            throw new ModelException(ErrorKind.VALIDATION, "a guardrail scoped to the latest user input works over Converse"
                    + " only; the " + family() + " body sent through InvokeModel cannot mark the text it evaluates",
                    "send the request through Converse (--api converse), or let the guardrail evaluate the whole conversation");
        }
        InvokeModelRequest.Builder builder = InvokeModelRequest.builder()
                .modelId(request.modelId())
                .contentType(JSON)
                .accept(JSON)
                .body(SdkBytes.fromUtf8String(body(request, model)));
        if (g != null) {
            builder.guardrailIdentifier(g.id()).guardrailVersion(g.version()).trace(g.trace() ? Trace.ENABLED : Trace.DISABLED);
        }
        return builder.build();
    }

    /** The same request as {@link #invokeRequest}, for the streaming operation (the SDK's two builders share no type). */
    default InvokeModelWithResponseStreamRequest streamRequest(ChatRequest request, CatalogModel model) {
        InvokeModelRequest invoke = invokeRequest(request, model);
        return InvokeModelWithResponseStreamRequest.builder()
                .modelId(invoke.modelId())
                .contentType(invoke.contentType())
                .accept(invoke.accept())
                .body(invoke.body())
                .guardrailIdentifier(invoke.guardrailIdentifier())
                .guardrailVersion(invoke.guardrailVersion())
                .trace(invoke.trace())
                .build();
    }

    /** The SDK's InvokeModel response as core's, the headers' token counts and latency included. */
    default ChatResponse response(String modelId, InvokeModelResponse response) {
        JsonNode body = JsonDocuments.node(response.body().asByteArrayUnsafe());
        if (body == null || !body.isObject()) {
            throw unexpected("an answer that is not a JSON object");
        }
        Usage bedrock = new Usage(header(response, "X-Amzn-Bedrock-Input-Token-Count"),
                header(response, "X-Amzn-Bedrock-Output-Token-Count"), 0, 0);
        return response(modelId, body, bedrock, header(response, "X-Amzn-Bedrock-Invocation-Latency"));
    }

    /**
     * The SDK's stream handler: each {@code chunk} event's bytes (one family chunk) go to this family's
     * reader.
     */
    default InvokeModelWithResponseStreamResponseHandler streamHandler(StreamListener listener) {
        ChunkReader reader = reader(listener);
        return InvokeModelWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                        .onChunk(part -> {
                            JsonNode chunk = JsonDocuments.node(part.bytes().asByteArrayUnsafe());
                            if (chunk == null || !chunk.isObject()) {
                                throw unexpected("a stream chunk that is not a JSON object");
                            }
                            reader.chunk(chunk);
                        })
                        .build())
                .build();
    }

    /**
     * The stop reason, unless a guardrail intervened: Bedrock then adds
     * {@code "amazon-bedrock-guardrailAction": "INTERVENED"} to the body (or the stream's chunk) and
     * the family's own reason says nothing of it.
     */
    static StopReason guarded(JsonNode json, StopReason stopReason) {
        return intervened(json) ? StopReason.GUARDRAIL_INTERVENED : stopReason;
    }

    static boolean intervened(JsonNode json) {
        return "INTERVENED".equals(JsonDocuments.string(json, "amazon-bedrock-guardrailAction"));
    }

    /**
     * What the guardrail assessed, as JSON text, when the request asked for a trace: Bedrock adds
     * {@code "amazon-bedrock-trace": {"guardrail": {...}}} to the body (or a stream's chunk), and the
     * text is of its {@code guardrail} member, as Converse's {@code trace.guardrail} is. Null when absent.
     */
    static String guardrailTrace(JsonNode json) {
        return JsonDocuments.member(json, "amazon-bedrock-trace").flatMap(trace -> JsonDocuments.member(trace, "guardrail"))
                .map(JsonDocuments::write).orElse(null);
    }

    default ModelException unexpected(String what) {
        return new ModelException(ErrorKind.INTERNAL, "Bedrock sent " + what + " for a " + family() + " body",
                "run again with --debug and report it");
    }

    private static int header(InvokeModelResponse response, String name) {
        return response.sdkHttpResponse().firstMatchingHeader(name).map(value -> {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
    }
}

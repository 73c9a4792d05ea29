package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.EmbeddingFormat;
import dev.basalt.bedrock.internal.RegionalClient;
import dev.basalt.bedrock.internal.RuntimeClientFactory;
import dev.basalt.core.Embedding;
import dev.basalt.core.EmbeddingModel;
import dev.basalt.core.EmbeddingRequest;
import dev.basalt.core.EmbeddingResponse;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * Text embeddings on Bedrock through InvokeModel: Titan Text Embeddings v2
 * ({@code amazon.titan-embed-text-v2:0}), Titan Embeddings G1 - Text ({@code amazon.titan-embed-text-v1})
 * and Cohere Embed v3 ({@code cohere.embed-english-v3}, {@code cohere.embed-multilingual-v3}) and v4
 * ({@code cohere.embed-v4:0}, text only).
 *
 * <p>A request of many texts becomes as many calls as the model needs (Titan takes one text per
 * call, Cohere 96), sent concurrently, at most {@link Builder#concurrency} at a time; the vectors come
 * back in the order of the texts. If any call fails, the others are cancelled and the failure is
 * reported as one {@link ModelException}: a request gets all its vectors or none.
 *
 * <p>Refused before sending, with a one-line {@link ErrorKind#VALIDATION}: a model Basalt has no
 * format for, dimensions the model does not make, an input type for a model without one, an empty
 * text, a text longer than the model takes, more than {@value #MAX_TEXTS} texts. {@code normalize} is
 * sent to Titan v2, which does it; for the other models {@code normalize(true)} scales the vectors to
 * unit length here and {@code normalize(false)} leaves them as the model made them.
 *
 * <p>The SDK client is built on the first call, on an event loop of its own that {@link #close()}
 * stops at once, as {@link BedrockChatModel} does.
 */
public final class BedrockEmbeddingModel implements EmbeddingModel {

    /**
     * The most texts one request may carry. Every vector of a request is held in memory until the
     * last call returns, and one failed call loses the request's vectors: a corpus goes in requests of
     * this size or less, so a failure costs one batch.
     */
    public static final int MAX_TEXTS = 2048;
    /** Calls in flight per request unless the builder says otherwise. */
    public static final int DEFAULT_CONCURRENCY = 8;
    /** The SDK's Netty client opens at most 50 connections; more calls in flight would only queue. */
    static final int MAX_CONCURRENCY = 50;

    private final RegionalClient client;
    private final int concurrency;

    private BedrockEmbeddingModel(Builder builder) {
        String profile = builder.profile;
        String region = BedrockRegion.resolve(builder.region, profile);
        this.client = new RegionalClient(new RuntimeClientFactory(profile, builder.endpoint, builder.credentials, null), region);
        this.concurrency = builder.concurrency;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String region() {
        return client.region();
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        EmbeddingFormat format = EmbeddingFormat.require(request.modelId());
        if (request.texts().size() > MAX_TEXTS) {
            throw new ModelException(ErrorKind.VALIDATION, request.texts().size() + " texts in one request; at most "
                    + MAX_TEXTS + " are embedded at once", "send them in batches of " + MAX_TEXTS + " or fewer");
        }
        format.check(request);
        List<List<String>> batches = batches(request.texts(), format.textsPerCall());
        List<EmbeddingFormat.Answer> answers = new ArrayList<>(batches.size());
        int tokens = 0;
        List<InvokeModelResponse> responses = invokeAll(request, format, batches);
        for (int i = 0; i < responses.size(); i++) {
            InvokeModelResponse response = responses.get(i);
            EmbeddingFormat.Answer answer = format.answer(response.body().asByteArrayUnsafe(), batches.get(i).size());
            answers.add(answer);
            tokens += headerTokens(response).orElse(answer.bodyTokens());
        }
        boolean normalizeHere = Boolean.TRUE.equals(request.options().normalize()) && !format.takesNormalize();
        List<Embedding> embeddings = new ArrayList<>(request.texts().size());
        for (EmbeddingFormat.Answer answer : answers) {
            for (float[] vector : answer.vectors()) {
                embeddings.add(new Embedding(normalizeHere ? unitLength(vector) : vector));
            }
        }
        return new EmbeddingResponse(request.modelId(), embeddings, tokens);
    }

    /**
     * Sends every batch, at most {@link #concurrency} at a time, and returns the responses in order.
     * The first failure stops new calls and cancels those in flight.
     */
    private List<InvokeModelResponse> invokeAll(EmbeddingRequest request, EmbeddingFormat format, List<List<String>> batches) {
        String modelId = request.modelId();
        Semaphore slots = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<CompletableFuture<InvokeModelResponse>> calls = new ArrayList<>(batches.size());
        try {
            for (List<String> batch : batches) {
                slots.acquire();
                if (failure.get() != null) {
                    break;
                }
                InvokeModelRequest invoke = InvokeModelRequest.builder()
                        .modelId(modelId)
                        .contentType("application/json")
                        .accept("application/json")
                        .body(SdkBytes.fromUtf8String(format.body(batch, request.options())))
                        .build();
                CompletableFuture<InvokeModelResponse> call = client.client().invokeModel(invoke);
                calls.add(call);
                call.whenComplete((response, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    slots.release();
                });
            }
        } catch (InterruptedException e) {
            calls.forEach(c -> c.cancel(true));
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorKind.CANCELLED, "the call was cancelled", "", e);
        } catch (RuntimeException e) {
            calls.forEach(c -> c.cancel(true));
            throw client.errors(modelId).map(e);
        }
        if (failure.get() != null) {
            calls.forEach(c -> c.cancel(true));
            throw client.errors(modelId).map(failure.get());
        }
        List<InvokeModelResponse> responses = new ArrayList<>(calls.size());
        try {
            for (CompletableFuture<InvokeModelResponse> call : calls) {
                responses.add(client.await(call, modelId));
            }
        } catch (ModelException e) {
            calls.forEach(c -> c.cancel(true));
            throw e;
        }
        return responses;
    }

    private static List<List<String>> batches(List<String> texts, int size) {
        List<List<String>> batches = new ArrayList<>((texts.size() + size - 1) / size);
        for (int start = 0; start < texts.size(); start += size) {
            batches.add(texts.subList(start, Math.min(texts.size(), start + size)));
        }
        return batches;
    }

    /** Bedrock's count for the whole call, the only one Cohere gives. */
    private static Optional<Integer> headerTokens(InvokeModelResponse response) {
        return response.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Input-Token-Count").flatMap(value -> {
            try {
                return Optional.of(Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static float[] unitLength(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(sum));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    /** Releases the connections and stops the event loop at once, as {@link BedrockChatModel#close()} does. */
    @Override
    public void close() {
        client.close();
    }

    /** Configures a {@link BedrockEmbeddingModel}; every setting is optional, as for {@link BedrockChatModel}. */
    public static final class Builder extends BedrockConnection<Builder> {
        private int concurrency = DEFAULT_CONCURRENCY;

        private Builder() {
        }

        /** Calls in flight at once for one request, 1 to 50; default {@value BedrockEmbeddingModel#DEFAULT_CONCURRENCY}. */
        public Builder concurrency(int calls) {
            if (calls < 1 || calls > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY + ", was " + calls);
            }
            this.concurrency = calls;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        public BedrockEmbeddingModel build() {
            return new BedrockEmbeddingModel(this);
        }
    }
}

package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.BedrockErrorMapper;
import dev.basalt.bedrock.internal.ConverseRequestMapper;
import dev.basalt.bedrock.internal.ConverseResponseMapper;
import dev.basalt.bedrock.internal.ConverseStreamEvents;
import dev.basalt.bedrock.internal.NativeBody;
import dev.basalt.bedrock.internal.RuntimeClientFactory;
import dev.basalt.bedrock.internal.SchemaAnswer;
import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.core.ResponseAssembler;
import dev.basalt.core.StreamListener;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * Claude and the other Bedrock models through Converse ({@link #chat}) and ConverseStream
 * ({@link #stream}), on the AWS SDK for Java v2 async client; or through InvokeModel and
 * InvokeModelWithResponseStream with the model family's native body, as {@link Builder#api} and the
 * catalog decide (see {@link BedrockApi}). Checks, errors, recovery and cost are the same either way.
 *
 * <p>Before sending, a request is checked against the model's catalog entry and Bedrock's limits
 * (output tokens, temperature, stop sequences, thinking budget, images and documents), and refused
 * with a one-line {@link ModelException} of kind {@link ErrorKind#VALIDATION}; models the catalog does
 * not know are sent unchecked where the check needs the catalog. Every response carries its cost when
 * the catalog has the model's prices.
 *
 * <p>The SDK client is built on the first call, not here: a program that never calls the model
 * never loads the SDK. Its Netty threads are daemons on an event loop this class owns, so a program
 * may simply exit; {@link #close()} stops them without Netty's multi-second graceful shutdown.
 */
public final class BedrockChatModel implements ChatModel {

    private final String region;
    /** Builds this model's clients (one per region) on the event loop it owns. */
    private final RuntimeClientFactory clients;
    private final boolean ownsClient;
    private final ModelCatalog catalog;
    private final BedrockApi api;
    private final Object lock = new Object();
    private volatile BedrockRuntimeAsyncClient client;
    private final List<String> fallbackRegions;
    private final Map<String, BedrockRuntimeAsyncClient> fallbackClients = new HashMap<>();

    /** Stream retries before any output: four attempts, as the SDK makes for the other calls. */
    private static final int STREAM_RETRIES = 3;

    private BedrockChatModel(Builder builder) {
        String profile = builder.profile;
        this.region = BedrockRegion.resolve(builder.region, profile);
        this.clients = new RuntimeClientFactory(profile, builder.endpoint, builder.credentials, builder.http2);
        this.client = builder.client;
        this.ownsClient = builder.client == null;
        this.catalog = builder.catalog;   // null: the bundled one, read on the first call
        this.fallbackRegions = List.copyOf(builder.fallbackRegions);
        this.api = builder.api;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The region calls go to: flag, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1. */
    public static String resolveRegion(String flag, String profile) {
        return BedrockRegion.resolve(flag, blankToNull(profile));
    }

    public String region() {
        return region;
    }

    /**
     * Starts building the SDK client on a background thread, so a caller with other start-up work
     * (a CLI setting up its session) overlaps the two; the first call then finds the client ready.
     */
    public void prepare() {
        Thread warm = new Thread(() -> {
            try {
                client();
            } catch (RuntimeException e) {
                // the first call builds it again and reports the failure where it can be handled
            }
        }, "basalt-bedrock-prepare");
        warm.setDaemon(true);
        warm.start();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return withRecovery(request, this::chatOnce);
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        return withRecovery(request, (r, inRegion) -> streamOnce(r, inRegion, listener));
    }

    /** One call to one region; the recovery around it decides whether to try again. */
    private interface Attempt {
        ChatResponse run(ChatRequest request, String region);
    }

    /**
     * Runs a call with the recoveries a Bedrock client needs beyond the SDK's own retries (which
     * cover throttling, 5xx and connection errors of {@link #chat}; streams are retried here only):
     * <ul>
     * <li>a model served only through an inference profile, called by its plain id, is called once
     *     more with the profile of the region's geography; the response's model id says which;
     * <li>a stream that fails before any output (throttled, unavailable, broken, unreachable) is
     *     sent again with capped exponential backoff and full jitter, at most {@value #STREAM_RETRIES}
     *     times; once output has reached the listener it is never replayed, the caller is told;
     * <li>throttling or unavailability that outlasts the retries moves to the next fallback region
     *     that serves the model, a geography's profile id becoming that region's; the response's
     *     region says where it was answered.
     * </ul>
     */
    private ChatResponse withRecovery(ChatRequest request, Attempt attempt) {
        ChatRequest current = aliasResolved(request);
        boolean profileTried = false;
        int streamRetries = 0;
        int regionIndex = 0;
        List<String> regions = new ArrayList<>();
        regions.add(region);
        regions.addAll(fallbackRegions);
        List<String> tried = new ArrayList<>();
        while (true) {
            String inRegion = regions.get(regionIndex);
            ModelException failure;
            try {
                return attempt.run(current, inRegion).servedIn(inRegion);
            } catch (BrokeBeforeOutput broke) {
                if (streamRetries < STREAM_RETRIES) {
                    sleep(StreamBackoff.STRATEGY.computeDelay(++streamRetries));
                    continue;
                }
                failure = broke.error;
            } catch (ModelException e) {
                failure = e;
            }
            if (failure.kind() == ErrorKind.NEEDS_INFERENCE_PROFILE && !profileTried) {
                profileTried = true;
                String profileId = profileFor(current.modelId(), inRegion);
                if (profileId != null) {
                    current = current.withModelId(profileId);
                    continue;
                }
            }
            if (failure.kind() != ErrorKind.THROTTLED && failure.kind() != ErrorKind.UNAVAILABLE) {
                throw failure;
            }
            tried.add(inRegion);
            String movedId = null;
            while (movedId == null && ++regionIndex < regions.size()) {
                movedId = idIn(current.modelId(), regions.get(regionIndex));
            }
            if (movedId != null) {
                current = current.withModelId(movedId);
                streamRetries = 0;
                continue;
            }
            if (regions.size() == 1) {
                throw failure;
            }
            List<String> skipped = regions.stream().filter(r -> !tried.contains(r)).toList();
            throw new ModelException(failure.kind(), failure.getMessage() + " (tried " + String.join(", ", tried)
                    + (skipped.isEmpty() ? "" : "; " + String.join(", ", skipped) + " cannot serve " + current.modelId()) + ")",
                    "ask for a higher quota (Service Quotas > Amazon Bedrock), or add fallback regions that serve the model",
                    failure);
        }
    }

    /**
     * A catalog alias ({@code sonnet}, {@code claude-haiku-3}) as the id Bedrock knows in this model's
     * region, so a library caller may name models as the CLI's {@code --model} does; ids go as they are.
     */
    private ChatRequest aliasResolved(ChatRequest request) {
        String id = request.modelId();
        CatalogModel model = catalog().find(id).orElse(null);
        if (model == null || !model.aliases().contains(id.toLowerCase(Locale.ROOT))) {
            return request;
        }
        return request.withModelId(model.profileRequired() ? ModelRef.profileId(model, region) : model.id());
    }

    /** The inference-profile id for a plain foundation-model id (or its ARN) in {@code inRegion}, or null. */
    private String profileFor(String modelId, String inRegion) {
        String id = modelId.startsWith("arn:") ? foundationModelOf(modelId) : modelId;
        if (id == null || id.indexOf('.') < 0 || ModelRef.geographyOf(id) != null) {
            return null;   // not a foundation model, or already a profile
        }
        CatalogModel model = catalog().find(id).orElse(null);
        if (model == null || model.profiles().isEmpty()) {
            return ModelRef.geography(inRegion) + "." + id;   // newer than the catalog: the region's geography
        }
        return ModelRef.profileIn(model, inRegion).orElse(null);
    }

    /** The model id of a foundation-model ARN ({@code arn:aws:bedrock:<region>::foundation-model/<id>}), else null. */
    private static String foundationModelOf(String arn) {
        int slash = arn.indexOf(":foundation-model/");
        return slash < 0 ? null : arn.substring(slash + ":foundation-model/".length());
    }

    /**
     * {@code modelId} as it is called in {@code inRegion}: plain ids, ARNs and global profiles as
     * they are; a geography's profile id as the profile that serves {@code inRegion}; null when the
     * model has no profile there (the region cannot serve it).
     */
    private String idIn(String modelId, String inRegion) {
        String geography = ModelRef.geographyOf(modelId);
        if (geography == null || modelId.startsWith("arn:") || ModelRef.serves(geography, inRegion)) {
            return modelId;
        }
        String base = ModelRef.withoutGeography(modelId.toLowerCase(Locale.ROOT));
        CatalogModel model = catalog().find(base).orElse(null);
        if (model == null) {
            return ModelRef.geography(inRegion) + "." + base;   // newer than the catalog: assume the usual geographies
        }
        return ModelRef.profileIn(model, inRegion).orElse(null);
    }

    private ModelCatalog catalog() {
        return catalog != null ? catalog : ModelCatalog.bundled();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorKind.CANCELLED, "the call was cancelled", "", e);
        }
    }

    /** Built on the first retry only: a call that never retries never loads the SDK's backoff classes. */
    private static final class StreamBackoff {
        static final BackoffStrategy STRATEGY = BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** A stream failed after its response started and before any output: safe to send again. */
    private static final class BrokeBeforeOutput extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ModelException error;

        BrokeBeforeOutput(ModelException error) {
            super(error.getMessage(), error, false, false);
            this.error = error;
        }
    }

    private ChatResponse chatOnce(ChatRequest request, String inRegion) {
        CatalogModel model = catalogEntry(request);
        ChatResponse response;
        try {
            NativeBody body = nativeBody(request, model);
            if (body != null) {
                response = body.response(request.modelId(),
                        RuntimeClientFactory.await(client(inRegion).invokeModel(body.invokeRequest(request, model))));
            } else {
                ConverseRequest converse = ConverseRequestMapper.converse(request, model);
                response = ConverseResponseMapper.response(request.modelId(), RuntimeClientFactory.await(client(inRegion).converse(converse)));
            }
        } catch (RuntimeException e) {
            throw errors(request, inRegion).map(e);
        }
        if (request.outputSchema() != null) {
            response = SchemaAnswer.unwrap(response, request.outputSchema().name());
        }
        return priced(response, model);
    }

    private ChatResponse streamOnce(ChatRequest request, String inRegion, StreamListener listener) {
        CatalogModel model = catalogEntry(request);
        ResponseAssembler assembler = new ResponseAssembler(request.modelId());
        StreamListener both = event -> {
            assembler.onEvent(event);
            listener.onEvent(event);
        };
        if (request.outputSchema() != null) {
            both = SchemaAnswer.unwrapping(both, request.outputSchema().name());
        }
        try {
            RuntimeClientFactory.await(startStream(request, model, client(inRegion), both));
        } catch (RuntimeException e) {
            ModelException mapped = errors(request, inRegion).map(e);
            if (assembler.hasOutput() && mapped.kind() != ErrorKind.CANCELLED) {
                // Output already reached the listener: say so, so nobody replays it silently.
                throw new ModelException(ErrorKind.STREAM_BROKEN,
                        "the answer broke off after " + assembler.textSoFar().length() + " characters: " + mapped.getMessage(),
                        mapped.hint(), mapped);
            }
            if (mapped.kind().retryable()) {
                throw new BrokeBeforeOutput(mapped);
            }
            throw mapped;
        }
        if (!assembler.complete()) {
            if (!assembler.hasOutput()) {
                throw new BrokeBeforeOutput(new ModelException(ErrorKind.STREAM_BROKEN,
                        "the answer ended before it began", "try again", null));
            }
            throw new ModelException(ErrorKind.STREAM_BROKEN, "the answer ended without a stop reason",
                    "try again", null);
        }
        return priced(assembler.response(), model);
    }

    /** ConverseStream, or the native body's stream, without the SDK's retries (see {@link NoSdkRetries}). */
    private CompletableFuture<Void> startStream(ChatRequest request, CatalogModel model, BedrockRuntimeAsyncClient to,
            StreamListener listener) {
        NativeBody body = nativeBody(request, model);
        if (body != null) {
            return to.invokeModelWithResponseStream(body.streamRequest(request, model).toBuilder()
                    .overrideConfiguration(NoSdkRetries.OVERRIDE).build(), body.streamHandler(listener));
        }
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                .subscriber(ConverseStreamEvents.visitor(listener))
                .build();
        ConverseStreamRequest converse = ConverseRequestMapper.converseStream(request, model).toBuilder()
                .overrideConfiguration(NoSdkRetries.OVERRIDE).build();
        return to.converseStream(converse, handler);
    }

    /**
     * Streams are retried by {@link #withRecovery} only: the SDK retries a stream that fails with a
     * retryable exception event (throttling, 5xx) after events have reached the listener, sending the
     * whole answer again into it. Built on the first stream, so a program that never streams never loads it.
     */
    private static final class NoSdkRetries {
        static final AwsRequestOverrideConfiguration OVERRIDE = AwsRequestOverrideConfiguration.builder()
                .addPlugin(config -> config.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))
                .build();
    }

    /**
     * The native body to send, or null for Converse: {@link BedrockApi#INVOKE} always (a family
     * without one is refused), {@link BedrockApi#AUTO} when the catalog says {@code "api": "invoke"}.
     */
    private NativeBody nativeBody(ChatRequest request, CatalogModel model) {
        if (api == BedrockApi.CONVERSE || (api == BedrockApi.AUTO && (model == null || model.api() != BedrockApi.INVOKE))) {
            return null;
        }
        String baseId = model != null ? model.id() : ModelRef.withoutGeography(resource(request.modelId()));
        return NativeBody.of(baseId).orElseThrow(() -> new ModelException(ErrorKind.VALIDATION,
                "Basalt has no native InvokeModel body for " + (model != null ? model.name() : request.modelId())
                        + "; it writes those of " + NativeBody.FAMILIES,
                "use --api converse or auto for this model"));
    }

    /** The model part of an ARN (after its last '/'), lower-cased, as the catalog keys ids. */
    private static String resource(String modelId) {
        String id = modelId.strip().toLowerCase(Locale.ROOT);
        return id.startsWith("arn:") ? id.substring(id.lastIndexOf('/') + 1) : id;
    }

    private CatalogModel catalogEntry(ChatRequest request) {
        return catalog().find(request.modelId()).orElse(null);
    }

    private static ChatResponse priced(ChatResponse response, CatalogModel model) {
        return model == null ? response : response.priced(model.pricing());
    }

    /** Built when a call has failed, so the message can name the endpoint the SDK actually used. */
    private BedrockErrorMapper errors(ChatRequest request, String inRegion) {
        return clients.errors(request.modelId(), inRegion, endpointInUse());
    }

    /**
     * The endpoint calls go to when it is not Bedrock's regional one: the builder's, else what the SDK
     * took from AWS_ENDPOINT_URL_BEDROCK_RUNTIME, AWS_ENDPOINT_URL or the profile's {@code services}
     * section; null means {@code https://bedrock-runtime.<region>.amazonaws.com}.
     */
    URI endpointInUse() {
        return clients.endpointInUse(client);
    }

    private BedrockRuntimeAsyncClient client() {
        BedrockRuntimeAsyncClient ready = client;
        if (ready != null) {
            return ready;
        }
        synchronized (lock) {
            if (client == null) {
                client = clients.newClient(region);
            }
            return client;
        }
    }

    /** The primary region's client, or a fallback region's, built on first use. */
    private BedrockRuntimeAsyncClient client(String inRegion) {
        if (inRegion.equals(region)) {
            return client();
        }
        synchronized (lock) {
            return fallbackClients.computeIfAbsent(inRegion, clients::newClient);
        }
    }

    /**
     * Releases the connections and stops the event loop at once (no quiet period). Waiting for the
     * loop's threads to end is deliberate: a JVM that exits while a thread sits in epoll_wait spends
     * 300 ms in VM_Exit waiting for "threads in native" (measured: 0.3 s of every one-shot answer).
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (client != null && ownsClient) {
                client.close();
                client = null;
            }
            fallbackClients.values().forEach(BedrockRuntimeAsyncClient::close);
            fallbackClients.clear();
            clients.close();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Configures a {@link BedrockChatModel}; every setting is optional. */
    public static final class Builder extends BedrockConnection<Builder> {
        private Boolean http2;
        private BedrockRuntimeAsyncClient client;
        private ModelCatalog catalog;
        private BedrockApi api = BedrockApi.AUTO;
        private final List<String> fallbackRegions = new ArrayList<>();

        private Builder() {
        }

        /** The catalog requests are checked and priced against; default {@link ModelCatalog#bundled()}. */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = java.util.Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * The runtime API calls go through; default {@link BedrockApi#AUTO}: Converse, but the native
         * body for the models the catalog marks {@code "api": "invoke"}.
         */
        public Builder api(BedrockApi api) {
            this.api = java.util.Objects.requireNonNull(api, "api");
            return this;
        }

        /**
         * Regions to move to, in order, when the region is throttling or unavailable after the SDK's
         * retries. Same credentials and endpoint settings; the model id must be valid there too.
         */
        public Builder fallbackRegions(List<String> regions) {
            fallbackRegions.clear();
            regions.stream().map(String::strip).filter(r -> !r.isEmpty()).forEach(fallbackRegions::add);
            return this;
        }

        /** True forces HTTP/2 (h2c with prior knowledge on http://), false HTTP/1.1, null the SDK's choice. */
        public Builder http2(Boolean http2) {
            this.http2 = http2;
            return this;
        }

        /**
         * A ready SDK client; the model then ignores region, endpoint, credentials and protocol settings
         * for calls, and {@link BedrockChatModel#close()} leaves the client open for its owner to close.
         */
        public Builder client(BedrockRuntimeAsyncClient client) {
            this.client = client;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        public BedrockChatModel build() {
            return new BedrockChatModel(this);
        }
    }
}

package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.ConverseRequestMapper;
import dev.basalt.bedrock.internal.RegionalClient;
import dev.basalt.bedrock.internal.RuntimeClientFactory;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.core.TokenCount;
import dev.basalt.core.TokenCounter;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensResponse;

/**
 * The input tokens of a {@link ChatRequest}, counted by Bedrock's CountTokens operation over the
 * Converse input the request would send (free of charge, and the number Converse would bill).
 *
 * <p>CountTokens takes a foundation-model id, not an inference profile's, so a profile id is counted
 * under its model ({@code us.anthropic.claude-...} as {@code anthropic.claude-...}), and once more as
 * the profile id if the endpoint answers that the model is served only through a profile (the local
 * emulator does); ARNs are sent as they are. Only some models can count (the Bedrock user guide lists
 * them): for the others Bedrock answers ValidationException "The provided model doesn't support
 * counting tokens.", and the result is {@link TokenCount#estimate}, marked
 * {@link TokenCount#estimated()}. Every other failure is a one-line {@link ModelException}, as for chat.
 *
 * <p>The request is checked against the model's limits before counting, as chat does before sending.
 * The SDK client is built on the first call and {@link #close()} stops its event loop at once.
 */
public final class BedrockTokenCounter implements TokenCounter {

    private final RegionalClient client;
    private final ModelCatalog catalog;

    private BedrockTokenCounter(Builder builder) {
        String profile = builder.profile;
        String region = BedrockRegion.resolve(builder.region, profile);
        this.client = new RegionalClient(new RuntimeClientFactory(profile, builder.endpoint, builder.credentials, null), region);
        this.catalog = builder.catalog;   // null: the bundled one, read on the first call
    }

    public static Builder builder() {
        return new Builder();
    }

    public String region() {
        return client.region();
    }

    @Override
    public TokenCount count(ChatRequest request) {
        CatalogModel model = (catalog != null ? catalog : ModelCatalog.bundled()).find(request.modelId()).orElse(null);
        String foundationModel = request.modelId().startsWith("arn:") ? request.modelId() : ModelRef.withoutGeography(request.modelId());
        try {
            return TokenCount.exact(counted(request, model, foundationModel));
        } catch (ModelException e) {
            if (cannotCount(e)) {
                return TokenCount.estimate(request);
            }
            if (e.kind() == ErrorKind.ACCESS_DENIED) {
                throw new ModelException(e.kind(), e.getMessage(), "allow bedrock:CountTokens in IAM for " + foundationModel, e);
            }
            throw e;
        }
    }

    /**
     * Counts under the foundation-model id; an endpoint that answers, as for an invocation, that the
     * model is served only through a profile (the local emulator does) is asked once more with the
     * request's profile id.
     */
    private int counted(ChatRequest request, CatalogModel model, String foundationModel) {
        try {
            return countAs(request, model, foundationModel);
        } catch (ModelException e) {
            if (e.kind() != ErrorKind.NEEDS_INFERENCE_PROFILE || foundationModel.equals(request.modelId())) {
                throw e;
            }
            return countAs(request, model, request.modelId());
        }
    }

    private int countAs(ChatRequest request, CatalogModel model, String modelId) {
        CountTokensRequest countTokens;
        try {
            countTokens = ConverseRequestMapper.countTokens(request, model, modelId);
        } catch (RuntimeException e) {
            throw client.errors(modelId).map(e);
        }
        CountTokensResponse response = client.call(modelId, sdk -> sdk.countTokens(countTokens));
        return response.inputTokens() == null ? 0 : response.inputTokens();
    }

    /** Bedrock's refusal for a model without token counting, as opposed to a request it finds wrong. */
    private static boolean cannotCount(ModelException e) {
        if (e.kind() != ErrorKind.VALIDATION || !(e.getCause() instanceof AwsServiceException service)
                || service.awsErrorDetails() == null || !"ValidationException".equals(service.awsErrorDetails().errorCode())) {
            return false;
        }
        String message = Objects.toString(service.awsErrorDetails().errorMessage(), "").toLowerCase(Locale.ROOT);
        return message.contains("support") && message.contains("count");
    }

    /** Releases the connections and stops the event loop at once, as {@link BedrockChatModel#close()} does. */
    @Override
    public void close() {
        client.close();
    }

    /** Configures a {@link BedrockTokenCounter}; every setting is optional, as for {@link BedrockChatModel}. */
    public static final class Builder extends BedrockConnection<Builder> {
        private ModelCatalog catalog;

        private Builder() {
        }

        /** The catalog requests are checked against; default {@link ModelCatalog#bundled()}. */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        public BedrockTokenCounter build() {
            return new BedrockTokenCounter(this);
        }
    }
}

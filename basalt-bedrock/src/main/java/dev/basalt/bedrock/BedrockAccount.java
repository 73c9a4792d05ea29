package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.RuntimeClientFactory;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.bedrock.BedrockAsyncClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileType;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Who the credentials belong to (STS GetCallerIdentity) and what the account can use in a region
 * (the control plane's ListFoundationModels and ListInferenceProfiles): the questions
 * {@code basalt doctor} and {@code basalt models --live} ask. Clients are built on first use.
 *
 * <p>An endpoint given here, else AWS_ENDPOINT_URL_BEDROCK_RUNTIME, is used for STS and the control
 * plane only when it is on this machine (the Basalt emulator serves both on its one base URL); a
 * remote one is a runtime endpoint (a VPC endpoint, say) that serves neither, so the SDK's own
 * endpoints (and AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL_BEDROCK) apply.
 */
public final class BedrockAccount implements AutoCloseable {

    /** The caller: account id and principal ARN. */
    public record Identity(String account, String arn) {
    }

    /** A foundation model the region offers, and how it may be invoked (ON_DEMAND, INFERENCE_PROFILE...). */
    public record LiveModel(String modelId, String name, String provider, List<String> inferenceTypes) {
        public LiveModel {
            inferenceTypes = List.copyOf(inferenceTypes);
        }
    }

    /** A system-defined inference profile of the region. */
    public record LiveProfile(String profileId, String name, String status) {
    }

    private final String region;
    private final String profile;
    private final URI endpoint;
    private final RuntimeClientFactory clients;
    private StsAsyncClient sts;
    private BedrockAsyncClient controlPlane;

    private BedrockAccount(Builder builder) {
        this.profile = builder.profile;
        this.region = BedrockRegion.resolve(builder.region, profile);
        URI given = builder.endpoint != null ? builder.endpoint : runtimeEndpointFromEnvironment();
        this.endpoint = given != null && local(given) ? given : null;
        this.clients = new RuntimeClientFactory(profile, endpoint, builder.credentials, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String region() {
        return region;
    }

    /** @throws ModelException with the fix, when the credentials are missing or refused */
    public Identity identity() {
        try {
            GetCallerIdentityResponse who = RuntimeClientFactory.await(sts().getCallerIdentity());
            return new Identity(who.account(), who.arn());
        } catch (RuntimeException e) {
            URI sts = endpoint != null ? endpoint : environmentUri("AWS_ENDPOINT_URL_STS")
                    .or(() -> environmentUri("AWS_ENDPOINT_URL")).orElse(URI.create("https://sts." + region + ".amazonaws.com"));
            ModelException mapped = clients.errors("", region, sts).map(e);
            boolean network = mapped.kind() == ErrorKind.NETWORK || mapped.kind() == ErrorKind.TIMEOUT;
            throw new ModelException(mapped.kind(), "STS GetCallerIdentity: " + mapped.getMessage(),
                    network ? "check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL and your network" : mapped.hint(), e);
        }
    }

    /** The region's foundation models, as the account sees them. */
    public List<LiveModel> models() {
        try {
            List<LiveModel> models = new ArrayList<>();
            for (FoundationModelSummary m : RuntimeClientFactory.await(controlPlane().listFoundationModels(r -> { })).modelSummaries()) {
                models.add(new LiveModel(m.modelId(), m.modelName(), m.providerName(), m.inferenceTypesSupportedAsStrings()));
            }
            return models;
        } catch (RuntimeException e) {
            throw clients.errors("", region, endpoint).map(e);
        }
    }

    /** The region's system-defined inference profiles, every page. */
    public List<LiveProfile> profiles() {
        try {
            List<LiveProfile> profiles = new ArrayList<>();
            String next = null;
            do {
                String token = next;
                var page = RuntimeClientFactory.await(controlPlane().listInferenceProfiles(r -> r.typeEquals(InferenceProfileType.SYSTEM_DEFINED)
                        .nextToken(token)));
                for (InferenceProfileSummary p : page.inferenceProfileSummaries()) {
                    profiles.add(new LiveProfile(p.inferenceProfileId(), p.inferenceProfileName(), p.statusAsString()));
                }
                next = page.nextToken();
            } while (next != null && !next.isEmpty());
            return profiles;
        } catch (RuntimeException e) {
            throw clients.errors("", region, endpoint).map(e);
        }
    }

    private synchronized StsAsyncClient sts() {
        if (sts == null) {
            sts = clients.build(StsAsyncClient.builder(), region);
        }
        return sts;
    }

    private synchronized BedrockAsyncClient controlPlane() {
        if (controlPlane == null) {
            controlPlane = clients.build(BedrockAsyncClient.builder(), region);
        }
        return controlPlane;
    }

    /** The SDK reads this variable for the runtime client only; the emulator it names serves STS and the control plane too. */
    private static URI runtimeEndpointFromEnvironment() {
        return environmentUri("AWS_ENDPOINT_URL_BEDROCK_RUNTIME").orElse(null);
    }

    private static Optional<URI> environmentUri(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(value.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();   // the SDK itself reports a malformed endpoint when a call uses it
        }
    }

    private static boolean local(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }

    @Override
    public synchronized void close() {
        if (sts != null) {
            sts.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
        clients.close();
    }

    /** Configures a {@link BedrockAccount}. */
    public static final class Builder extends BedrockConnection<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        public BedrockAccount build() {
            return new BedrockAccount(this);
        }
    }
}

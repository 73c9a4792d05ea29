package dev.basalt.bedrock;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How every client of this module reaches Bedrock, set the same way on each builder: region,
 * profile, endpoint and credentials. Unset, the SDK's own resolution applies (region: flag,
 * AWS_REGION, AWS_DEFAULT_REGION, the profile's, us-east-1; credentials: the default chain).
 *
 * @param <B> the concrete builder, returned by each setter
 */
public abstract class BedrockConnection<B extends BedrockConnection<B>> {

    String region;
    String profile;
    URI endpoint;
    AwsCredentialsProvider credentials;

    BedrockConnection() {
    }

    /** The concrete builder. */
    abstract B self();

    /** The region; null resolves as {@link BedrockChatModel#resolveRegion} says. */
    public B region(String region) {
        this.region = region;
        return self();
    }

    /** A named profile for credentials and region; null or blank uses the SDK's default chain. */
    public B profile(String profile) {
        this.profile = profile == null || profile.isBlank() ? null : profile.strip();
        return self();
    }

    /** A runtime endpoint; null lets the SDK choose (it honours AWS_ENDPOINT_URL_BEDROCK_RUNTIME). */
    public B endpoint(URI endpoint) {
        this.endpoint = endpoint;
        return self();
    }

    /** Fixed keys, for tests and the local emulator. */
    public B credentials(String accessKeyId, String secretAccessKey) {
        this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                Objects.requireNonNull(accessKeyId, "accessKeyId"), Objects.requireNonNull(secretAccessKey, "secretAccessKey")));
        return self();
    }

    /** Any SDK credentials provider (an assumed role, say); null uses the profile's or the default chain. */
    public B credentialsProvider(AwsCredentialsProvider provider) {
        this.credentials = provider;
        return self();
    }
}

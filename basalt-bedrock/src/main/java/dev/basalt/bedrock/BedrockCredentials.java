package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.BedrockErrorMapper;
import dev.basalt.core.ModelException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * Which credentials a call would use, for `basalt doctor`: resolved through the same chain as
 * {@link BedrockChatModel}, described without the secret.
 */
public final class BedrockCredentials {

    /** Where the credentials came from and the key id, shortened; never the secret or token. */
    public record Found(String source, String maskedKeyId, boolean temporary) {}

    private BedrockCredentials() {
    }

    static AwsCredentialsProvider provider(String profile) {
        if (profile != null && !profile.isBlank()) {
            return ProfileCredentialsProvider.builder().profileName(profile.strip()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Resolves the credentials now; a failure is the same one-line error a call would give. */
    public static Found resolve(String profile, String region) {
        try {
            AwsCredentials credentials = provider(profile).resolveCredentials();
            String source = credentials.providerName().orElse("the default chain");
            return new Found(source, mask(credentials.accessKeyId()), credentials instanceof AwsSessionCredentials);
        } catch (RuntimeException e) {
            ModelException mapped = new BedrockErrorMapper("-", region, null, profile).map(e);
            throw mapped;
        }
    }

    static String mask(String keyId) {
        if (keyId == null || keyId.length() < 8) {
            return "****";
        }
        return keyId.substring(0, 4) + "…" + keyId.substring(keyId.length() - 4);
    }
}

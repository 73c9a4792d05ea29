package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.BedrockErrorMapper;
import dev.basalt.core.ModelException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.useragent.BusinessMetricFeatureId;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

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
            String source = credentials.providerName().map(name -> source(name, profile)).orElse("the default chain");
            return new Found(source, mask(credentials.accessKeyId()), credentials instanceof AwsSessionCredentials);
        } catch (RuntimeException e) {
            ModelException mapped = new BedrockErrorMapper("-", region, null, profile).map(e);
            throw mapped;
        }
    }

    /**
     * The SDK (2.30 on) names a provider by its business-metric codes ({@code g}, {@code n,i}), which
     * mean nothing to a reader; each code becomes the place the credentials came from.
     */
    static String source(String providerName, String profile) {
        Set<String> parts = new LinkedHashSet<>();
        for (String code : providerName.split(",")) {
            String place = Arrays.stream(BusinessMetricFeatureId.values()).filter(id -> id.value().equals(code.strip()))
                    .findFirst().map(id -> place(id, profile)).orElse(code.strip());
            if (!place.isEmpty()) {
                parts.add(place);
            }
        }
        // the SDK names a profile's process (or SSO) twice, generic and per profile: keep the one that says more
        parts.removeIf(part -> parts.stream().anyMatch(other -> other.startsWith(part + " (")));
        return parts.isEmpty() ? "the default chain" : String.join(", ", parts);
    }

    private static String place(BusinessMetricFeatureId id, String profile) {
        String name = profile != null && !profile.isBlank() ? profile.strip()
                : ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default");
        return switch (id) {
            case CREDENTIALS_ENV_VARS -> "environment variables";
            case CREDENTIALS_JVM_SYSTEM_PROPERTIES -> "system properties";
            case CREDENTIALS_PROFILE, CREDENTIALS_PROFILE_SOURCE_PROFILE, CREDENTIALS_PROFILE_NAMED_PROVIDER -> "profile " + name;
            case CREDENTIALS_PROFILE_SSO, CREDENTIALS_PROFILE_SSO_LEGACY -> "SSO (profile " + name + ")";
            case CREDENTIALS_SSO, CREDENTIALS_SSO_LEGACY -> "SSO";
            case CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN -> "web identity (profile " + name + ")";
            case CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN, CREDENTIALS_STS_ASSUME_ROLE_WEB_ID -> "web identity";
            case CREDENTIALS_STS_ASSUME_ROLE, CREDENTIALS_STS_ASSUME_ROLE_SAML -> "an assumed role";
            case CREDENTIALS_STS_FEDERATION_TOKEN, CREDENTIALS_STS_SESSION_TOKEN -> "STS";
            case CREDENTIALS_PROFILE_PROCESS -> "process (profile " + name + ")";
            case CREDENTIALS_PROCESS -> "process";
            case CREDENTIALS_HTTP -> "container";
            case CREDENTIALS_IMDS -> "instance profile";
            case CREDENTIALS_PROFILE_LOGIN -> "console login (profile " + name + ")";
            case CREDENTIALS_LOGIN -> "console login";
            case CREDENTIALS_CODE -> "code";
            default -> "";
        };
    }

    static String mask(String keyId) {
        if (keyId == null || keyId.length() < 8) {
            return "****";
        }
        return keyId.substring(0, 4) + "…" + keyId.substring(keyId.length() - 4);
    }
}

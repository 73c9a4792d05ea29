package dev.basalt.bedrock;

import java.util.Optional;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * The region a call goes to: the flag, then AWS_REGION, AWS_DEFAULT_REGION, the profile's region,
 * then us-east-1. Unlike the SDK's chain this never asks the EC2 metadata service, which costs
 * seconds of timeouts on any machine that is not an EC2 instance.
 */
public final class BedrockRegion {

    public static final String FALLBACK = "us-east-1";

    private BedrockRegion() {
    }

    public static String resolve(String flag, String profile) {
        for (String candidate : new String[] {flag, System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return fromProfile(profile).orElse(FALLBACK);
    }

    static Optional<String> fromProfile(String profile) {
        String name = profile != null && !profile.isBlank() ? profile
                : ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default");
        try {
            return ProfileFile.defaultProfileFile().profile(name).flatMap(p -> p.property(ProfileProperty.REGION));
        } catch (RuntimeException e) {
            // An unreadable config file is reported when credentials are loaded; the region just falls back.
            return Optional.empty();
        }
    }
}

package dev.basalt.cli;

import dev.basalt.bedrock.AwsRegions;
import dev.basalt.bedrock.BedrockAccount;
import dev.basalt.bedrock.BedrockChatModel;
import dev.basalt.bedrock.BedrockEmbeddingModel;
import dev.basalt.bedrock.BedrockTokenCounter;
import dev.basalt.bedrock.ModelCatalog;
import dev.basalt.bedrock.ModelRef;
import java.io.PrintWriter;
import java.net.URI;

/**
 * Where a one-call command (`embed`, `count-tokens`) reaches Bedrock, resolved as `chat` resolves
 * it: --profile, else the profile setting unless AWS_PROFILE is set (the SDK applies that itself);
 * --region, AWS_REGION, AWS_DEFAULT_REGION, the region setting, the profile's region; --endpoint-url,
 * else the SDK's own variables, else the endpoint setting. With --local, the emulator started in
 * this process with a throw-away key pair instead.
 */
final class BedrockTarget implements AutoCloseable {

    private final String profile;
    private final String region;
    private final URI endpoint;
    private LocalEndpoint local;

    private BedrockTarget(String profile, String region, URI endpoint) {
        this.profile = profile;
        this.region = region;
        this.endpoint = endpoint;
    }

    static BedrockTarget of(AwsOptions aws, boolean local, Settings settings) {
        if (local && aws.endpointUrl != null) {
            throw new UserError(ExitCode.USAGE, "--local and --endpoint-url cannot be used together",
                    "drop --endpoint-url to use the built-in emulator, or drop --local to use that endpoint");
        }
        ProjectTrust.settle(settings, false, System.err::println);
        if (!local) {
            settings.applyApiKey();   // the built-in emulator takes its own key pair
        }
        String profile = profile(aws, settings);
        String region = region(aws, settings, profile);
        if (local) {
            return new BedrockTarget(profile, region, null);
        }
        URI endpoint = endpoint(aws, settings);
        return new BedrockTarget(profile, region, endpoint);
    }

    /**
     * --profile, else the profile setting unless AWS_PROFILE is set (with AWS_PROFILE set the SDK's
     * default chain applies it, after any keys in the environment).
     */
    static String profile(AwsOptions aws, Settings settings) {
        return aws.profile != null ? aws.profile
                : System.getenv("AWS_PROFILE") != null ? null : settings.value("profile").orElse(null);
    }

    /** --region, AWS_REGION, AWS_DEFAULT_REGION, the region setting, the profile's region, us-east-1. */
    static String region(AwsOptions aws, Settings settings, String profile) {
        String region = resolvedRegion(aws, settings, profile);
        if (!AwsRegions.shaped(region)) {
            // otherwise the first sign is a connection failure to a host that does not exist, after retries
            throw AwsRegions.unknown(region, "--region us-east-1");
        }
        return region;
    }

    /** The same region as {@link #region}, not checked: for doctor, which reports a mistyped one as a failed check. */
    static String resolvedRegion(AwsOptions aws, Settings settings, String profile) {
        return BedrockChatModel.resolveRegion(regionInput(aws, settings), profile);
    }

    /** The region the user set (--region, AWS_REGION, AWS_DEFAULT_REGION, the setting), or null for the profile's. */
    static String regionInput(AwsOptions aws, Settings settings) {
        String given = Chat.firstSet(aws.region, System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"));
        return given != null ? given : settings.value("region").map(String::strip).orElse(null);
    }

    /** --endpoint-url; else null when the SDK's own variables name one (it reads them); else the endpoint setting. */
    static URI endpoint(AwsOptions aws, Settings settings) {
        URI flag = aws.endpoint();
        if (flag != null || Chat.firstSet(System.getenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME"), System.getenv("AWS_ENDPOINT_URL")) != null) {
            return flag;
        }
        return settings.value("endpoint").map(SettingChecks::httpUrl).orElse(null);
    }

    /** What the user typed for a model, resolved for this target's region. */
    ModelRef model(String input) {
        return ModelRef.parse(input, region, ModelCatalog.bundled());
    }

    /** Starts the in-process emulator and says so on stderr, with what its answers are. */
    void startLocal(PrintWriter err, String answers) {
        local = LocalEndpoint.start();
        err.println("basalt: answering from the local Bedrock emulator at " + local.endpoint() + " (" + answers + ")");
        err.flush();
    }

    BedrockEmbeddingModel embeddingModel(ModelRef ref) {
        BedrockEmbeddingModel.Builder builder = BedrockEmbeddingModel.builder().region(regionOf(ref)).profile(profile);
        if (local != null) {
            builder.endpoint(local.endpoint()).credentials(local.accessKeyId(), local.secretAccessKey());
        } else if (endpoint != null) {
            builder.endpoint(endpoint);
        }
        return builder.build();
    }

    BedrockTokenCounter tokenCounter(ModelRef ref) {
        BedrockTokenCounter.Builder builder = BedrockTokenCounter.builder().region(regionOf(ref)).profile(profile);
        if (local != null) {
            builder.endpoint(local.endpoint()).credentials(local.accessKeyId(), local.secretAccessKey());
        } else if (endpoint != null) {
            builder.endpoint(endpoint);
        }
        return builder.build();
    }

    /** Who the caller is and what the region offers; the endpoint only when it is on this machine. */
    BedrockAccount account() {
        BedrockAccount.Builder builder = BedrockAccount.builder().region(region).profile(profile);
        if (local != null) {
            builder.endpoint(local.endpoint()).credentials(local.accessKeyId(), local.secretAccessKey());
        } else if (endpoint != null) {
            builder.endpoint(endpoint);
        }
        return builder.build();
    }

    String region() {
        return region;
    }

    /** A reference such as custom:&lt;region&gt;:&lt;id&gt; pins its own region. */
    private String regionOf(ModelRef ref) {
        return ref.region() != null ? ref.region() : region;
    }

    /** Stops the local emulator, if one was started, so the JVM exits at once. */
    @Override
    public void close() {
        if (local != null) {
            local.emulator().close();
        }
    }
}

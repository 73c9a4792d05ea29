package dev.basalt.cli;

import java.net.URI;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Where and as whom to reach Bedrock; shared by every command that calls AWS: a mixin for the
 * annotated commands, {@link #options()} and {@link #read} for chat's model built by hand.
 */
final class AwsOptions {

    static final String REGION_HELP = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1).";
    static final String PROFILE_HELP =
            "Named profile from ~/.aws/config for credentials and region (default: AWS_PROFILE or the default chain).";
    static final String ENDPOINT_HELP =
            "Bedrock runtime endpoint, e.g. a VPC endpoint or a local emulator (default: AWS_ENDPOINT_URL_BEDROCK_RUNTIME).";

    @Option(names = "--region", paramLabel = "REGION", description = REGION_HELP)
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = PROFILE_HELP)
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = ENDPOINT_HELP)
    String endpointUrl;

    /** The same three options, for a command whose model is built by hand. */
    static List<OptionSpec> options() {
        return List.of(OptionSpecs.valued("--region", "REGION", String.class, REGION_HELP),
                OptionSpecs.valued("--profile", "NAME", String.class, PROFILE_HELP),
                OptionSpecs.valued("--endpoint-url", "URL", String.class, ENDPOINT_HELP));
    }

    /** What {@link #options()} were given. */
    static AwsOptions read(ParseResult parsed) {
        AwsOptions aws = new AwsOptions();
        aws.region = parsed.matchedOptionValue("--region", null);
        aws.profile = parsed.matchedOptionValue("--profile", null);
        aws.endpointUrl = parsed.matchedOptionValue("--endpoint-url", null);
        return aws;
    }

    URI endpoint() {
        if (endpointUrl == null || endpointUrl.isBlank()) {
            return null;
        }
        try {
            return SettingChecks.httpUrl(endpointUrl);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "--endpoint-url is not an http(s) URL: " + endpointUrl,
                    "use the form https://bedrock-runtime.us-east-1.amazonaws.com or http://127.0.0.1:8000");
        }
    }
}

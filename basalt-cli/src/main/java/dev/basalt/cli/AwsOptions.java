package dev.basalt.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where and as whom to reach Bedrock; shared by every command that calls AWS. */
final class AwsOptions {

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Named profile from ~/.aws/config for credentials and region (default: AWS_PROFILE or the default chain).")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Bedrock runtime endpoint, e.g. a VPC endpoint or a local emulator (default: AWS_ENDPOINT_URL_BEDROCK_RUNTIME).")
    String endpointUrl;

    URI endpoint() {
        if (endpointUrl == null || endpointUrl.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(endpointUrl.strip());
        } catch (IllegalArgumentException e) {
            throw badEndpoint();
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw badEndpoint();
        }
        return uri;
    }

    private UserError badEndpoint() {
        return new UserError(ExitCode.USAGE, "--endpoint-url is not an http(s) URL: " + endpointUrl,
                "use the form https://bedrock-runtime.us-east-1.amazonaws.com or http://127.0.0.1:8000");
    }
}

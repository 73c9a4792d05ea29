package dev.basalt.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class BedrockErrorMapperTest {

    private final BedrockErrorMapper mapper =
            new BedrockErrorMapper("anthropic.claude-3-5-sonnet-20241022-v2:0", "eu-west-1", null, null);

    private static BedrockRuntimeException.Builder error(BedrockRuntimeException.Builder builder, int status, String code, String message) {
        return builder.statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build());
    }

    @Test
    void wrongSecretIsAuthenticationWithTheKeyHint() {
        ModelException e = mapper.map(new CompletionException(error(BedrockRuntimeException.builder(), 403,
                "InvalidSignatureException", "The request signature we calculated does not match").build()));

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.hint()).isEqualTo("check AWS_SECRET_ACCESS_KEY or the profile");
    }

    @Test
    void accessDeniedNamesTheIamActionsAndModelAccess() {
        ModelException e = mapper.map(error(AccessDeniedException.builder(), 403, "AccessDeniedException", "not authorized").build());

        assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
        assertThat(e.hint()).contains("bedrock:InvokeModel").contains("bedrock:InvokeModelWithResponseStream").contains("Model access");
    }

    @Test
    void onDemandRefusalNamesTheProfileOfTheRegionsGeography() {
        ModelException e = mapper.map(error(ValidationException.builder(), 400, "ValidationException",
                "Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported.").build());

        assertThat(e.kind()).isEqualTo(ErrorKind.NEEDS_INFERENCE_PROFILE);
        assertThat(e.hint()).contains("eu.anthropic.claude-3-5-sonnet-20241022-v2:0");
    }

    @Test
    void throttlingIsRetryable() {
        ModelException e = mapper.map(error(ThrottlingException.builder(), 429, "ThrottlingException", "Too many requests").build());

        assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void refusedConnectionNamesTheEndpoint() {
        BedrockErrorMapper local = new BedrockErrorMapper("m", "us-east-1", URI.create("http://127.0.0.1:9"), null);
        ModelException e = local.map(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused")).build());

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(e.getMessage()).contains("http://127.0.0.1:9");
        assertThat(e.hint()).contains("--endpoint-url");
    }

    @Test
    void missingCredentialsSaysHowToProvideThem() {
        ModelException e = mapper.map(SdkClientException.builder()
                .message("Unable to load credentials from any of the providers in the chain").build());

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.hint()).contains("AWS_PROFILE").contains("aws configure");
    }

    @Test
    void serverErrorsAreUnavailableAndRetryable() {
        ModelException e = mapper.map(error(BedrockRuntimeException.builder(), 503, "ServiceUnavailableException", "busy").build());

        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
    }
}

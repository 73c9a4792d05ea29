package dev.basalt.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class BedrockErrorMapperTest {

    private static final String MODEL = "anthropic.claude-3-5-sonnet-20241022-v2:0";

    private final BedrockErrorMapper mapper = new BedrockErrorMapper(MODEL, "eu-west-1", null, null);

    private static <B extends BedrockRuntimeException.Builder> Throwable error(B builder, int status, String code, String message) {
        return builder.statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .message(message)
                .build();
    }

    private static Throwable plain(int status, String code, String message) {
        return error(BedrockRuntimeException.builder(), status, code, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
            "MissingAuthenticationTokenException", "SomethingNewButForbidden"})
    void rejectedCredentialsAreAuthenticationWithTheKeyHint(String code) {
        ModelException e = mapper.map(new CompletionException(plain(403, code, "The security token included in the request is invalid.")));

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.hint()).isEqualTo("check AWS_SECRET_ACCESS_KEY or the profile");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void signatureMismatchQuotesOnlyTheFirstLineSoTheSignedSessionTokenStaysOut() {
        String awsMessage = "The request signature we calculated does not match the signature you provided.\n\n"
                + "The Canonical String for this request should have been\n'POST\n/model/m/converse\n\n"
                + "x-amz-security-token:IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN\n'";

        ModelException e = mapper.map(plain(403, "InvalidSignatureException", awsMessage));

        assertThat(e.getMessage()).contains("does not match the signature you provided")
                .doesNotContain("IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN").doesNotContain("Canonical");
        assertThat(e.userMessage()).doesNotContain("IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN");
    }

    @Test
    void expiredTokenSaysToRefreshTheProfilesSession() {
        BedrockErrorMapper withProfile = new BedrockErrorMapper(MODEL, "us-east-1", null, "dev");

        ModelException e = withProfile.map(plain(403, "ExpiredTokenException", "The security token included in the request is expired"));

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.hint()).isEqualTo("refresh your credentials, e.g. `aws sso login --profile dev`");
    }

    @Test
    void accessDeniedNamesTheIamActionsAndModelAccess() {
        ModelException e = mapper.map(error(AccessDeniedException.builder(), 403, "AccessDeniedException", "not authorized"));

        assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
        assertThat(e.getMessage()).contains(MODEL);
        assertThat(e.hint()).contains("bedrock:InvokeModel").contains("bedrock:InvokeModelWithResponseStream").contains("Model access");
    }

    @Test
    void unknownModelIsModelNotFoundNamingModelAndRegion() {
        ModelException e = mapper.map(error(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException",
                "Could not resolve the foundation model from the provided model identifier."));

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains(MODEL).contains("eu-west-1");
    }

    @Test
    void onDemandRefusalNamesTheProfileOfTheRegionsGeography() {
        ModelException e = mapper.map(error(ValidationException.builder(), 400, "ValidationException",
                "Invocation of model ID " + MODEL + " with on-demand throughput isn’t supported. Retry your request with the ID "
                        + "or ARN of an inference profile that contains this model."));

        assertThat(e.kind()).isEqualTo(ErrorKind.NEEDS_INFERENCE_PROFILE);
        assertThat(e.hint()).contains("eu." + MODEL).contains("global.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Input is too long for requested model.", "prompt is too long: 210000 tokens > 200000 maximum",
            "input length and `max_tokens` exceed context limit: 199000 + 8192 > 200000"})
    void overlongInputIsContextTooLong(String message) {
        ModelException e = mapper.map(error(ValidationException.builder(), 400, "ValidationException", message));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_TOO_LONG);
        assertThat(e.hint()).contains("shorten");
    }

    @Test
    void otherValidationErrorsQuoteBedrock() {
        ModelException e = mapper.map(error(ValidationException.builder(), 400, "ValidationException",
                "The model returned the following errors: temperature: range: 0..1"));

        assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
        assertThat(e.getMessage()).contains("temperature: range: 0..1");
    }

    @ParameterizedTest
    @CsvSource({
            "429, ThrottlingException, THROTTLED, true",
            "429, ModelNotReadyException, THROTTLED, true",
            "400, ServiceQuotaExceededException, QUOTA_EXCEEDED, false",
            "408, ModelTimeoutException, TIMEOUT, true",
            "500, InternalServerException, UNAVAILABLE, true",
            "503, ServiceUnavailableException, UNAVAILABLE, true",
            "502, , UNAVAILABLE, true",
            "424, ModelStreamErrorException, STREAM_BROKEN, true",
            "424, ModelErrorException, UNAVAILABLE, true",
            "409, ConflictException, VALIDATION, false"})
    void serviceErrorsMapToKindsByName(int status, String code, ErrorKind kind, boolean retryable) {
        ModelException e = mapper.map(plain(status, code, "something happened"));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.hint()).isNotBlank();
    }

    @Test
    void typedSdkExceptionsMapLikeTheirCodes() {
        assertThat(mapper.map(error(ThrottlingException.builder(), 429, "ThrottlingException", "Too many tokens")).kind())
                .isEqualTo(ErrorKind.THROTTLED);
        assertThat(mapper.map(error(ServiceQuotaExceededException.builder(), 400, "ServiceQuotaExceededException", "q")).kind())
                .isEqualTo(ErrorKind.QUOTA_EXCEEDED);
        assertThat(mapper.map(error(ModelTimeoutException.builder(), 408, "ModelTimeoutException", "slow")).kind())
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(mapper.map(error(ModelStreamErrorException.builder(), 424, "ModelStreamErrorException", "broke")).kind())
                .isEqualTo(ErrorKind.STREAM_BROKEN);
    }

    @Test
    void refusedConnectionNamesTheEndpoint() {
        BedrockErrorMapper local = new BedrockErrorMapper("m", "us-east-1", URI.create("http://127.0.0.1:9"), null);

        ModelException e = local.map(SdkClientException.builder().message("Unable to execute HTTP request: Connection refused")
                .cause(new ConnectException("Connection refused")).build());

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(e.getMessage()).contains("http://127.0.0.1:9");
        assertThat(e.hint()).isEqualTo("check --endpoint-url / AWS_ENDPOINT_URL_BEDROCK_RUNTIME, the region, and your network");
    }

    @Test
    void unknownHostNamesTheRegionalEndpointAndTheRegion() {
        ModelException e = mapper.map(SdkClientException.builder().message("Unable to execute HTTP request: nope")
                .cause(new UnknownHostException("bedrock-runtime.eu-west-1.amazonaws.com")).build());

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(e.getMessage()).contains("https://bedrock-runtime.eu-west-1.amazonaws.com");
        assertThat(e.hint()).contains("--region (now eu-west-1)");
    }

    @Test
    void connectTimeoutFromNettyIsNetwork() {
        ModelException e = mapper.map(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new io.netty.channel.ConnectTimeoutException("connection timed out after 5000 ms: /10.0.0.1:443")).build());

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
    }

    @Test
    void missingCredentialsSaysHowToProvideThem() {
        ModelException e = mapper.map(SdkClientException.builder()
                .message("Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(...)").build());

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.hint()).isEqualTo(
                "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws configure` / `aws sso login`");
    }

    @Test
    void aNamedProfileThatDoesNotExistIsConfigurationNamingIt() {
        BedrockErrorMapper withProfile = new BedrockErrorMapper(MODEL, "us-east-1", null, "nope");

        ModelException e = withProfile.map(SdkClientException.builder().message("Unable to load credentials from any of the "
                + "providers in the chain ...: [ProfileCredentialsProvider(profileName=nope): Profile file contained no "
                + "credentials for profile 'nope': ProfileFile(sections=[], profiles=[])]").build());

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
        assertThat(e.getMessage()).contains("'nope'").contains("~/.aws/config");
        assertThat(e.hint()).contains("aws configure --profile nope");
    }

    @Test
    void anExpiredSsoSessionSaysToLogIn() {
        BedrockErrorMapper withProfile = new BedrockErrorMapper(MODEL, "us-east-1", null, "work");

        ModelException e = withProfile.map(SdkClientException.builder().message("Unable to load SSO token")
                .cause(new RuntimeException("The SSO session associated with this profile has expired or is otherwise invalid."))
                .build());

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.hint()).isEqualTo("run `aws sso login --profile work`");
    }

    @Test
    void aFailingCredentialProcessIsAuthenticationNotNetwork() {
        ModelException e = mapper.map(SdkClientException.builder()
                .message("Failed to refresh process-based credentials: Command returned non-zero exit value: 1").build());

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void aBrokenConnectionIsNetwork() {
        ModelException e = mapper.map(SdkClientException.builder().message("Unable to execute HTTP request: Connection reset")
                .cause(new IOException("Connection reset")).build());

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void timeoutsAndCancellation() {
        assertThat(mapper.map(ApiCallTimeoutException.create(1000)).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(mapper.map(new CompletionException(new CancellationException())).kind()).isEqualTo(ErrorKind.CANCELLED);
    }

    @Test
    void aRequestThatCannotBeTranslatedIsValidation() {
        ModelException e = mapper.map(new IllegalArgumentException("not valid JSON: {\"type\": "));

        assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
        assertThat(e.getMessage()).contains("not valid JSON");
    }

    @Test
    void aModelExceptionPassesThroughUnchanged() {
        ModelException original = new ModelException(ErrorKind.CANCELLED, "stop", "");

        assertThat(mapper.map(new CompletionException(original))).isSameAs(original);
    }
}

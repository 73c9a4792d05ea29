package dev.basalt.bedrock.internal;

import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Every failure of a Bedrock call becomes one {@link ModelException}: what happened in one line and
 * the fix in another. The only place that knows Bedrock's error codes.
 */
public final class BedrockErrorMapper {

    static final String AUTH_HINT = "check AWS_SECRET_ACCESS_KEY or the profile";
    static final String NO_CREDENTIALS_HINT =
            "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws configure` / `aws sso login`";

    private final String modelId;
    private final String region;
    private final URI endpoint;
    private final String profile;

    /** {@code endpoint} is what the call used, for the message; null means Bedrock's regional endpoint. */
    public BedrockErrorMapper(String modelId, String region, URI endpoint, String profile) {
        this.modelId = modelId;
        this.region = region;
        this.endpoint = endpoint;
        this.profile = profile;
    }

    public ModelException map(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof ModelException already) {
            return already;
        }
        if (e instanceof AwsServiceException service) {
            return service(service);
        }
        if (e instanceof CancellationException) {
            return new ModelException(ErrorKind.CANCELLED, "the call was cancelled", "", e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new ModelException(ErrorKind.TIMEOUT, "Bedrock did not answer in time", "try again; a smaller request answers sooner", e);
        }
        String text = messages(e);
        if (text.contains("Unable to load credentials")) {
            if (profile != null && (text.contains("profile file") || text.contains("Profile file") || text.contains(profile))) {
                return new ModelException(ErrorKind.CONFIGURATION, "the AWS profile '" + profile + "' has no usable credentials",
                        "check the profile in ~/.aws/config and ~/.aws/credentials, or run `aws sso login --profile " + profile + "`", e);
            }
            return new ModelException(ErrorKind.AUTHENTICATION, "no AWS credentials found", NO_CREDENTIALS_HINT, e);
        }
        if (text.contains("token has expired") || text.contains("Token is expired") || text.contains("SSO session")) {
            return new ModelException(ErrorKind.AUTHENTICATION, "the SSO session has expired",
                    "run `aws sso login" + (profile == null ? "" : " --profile " + profile) + "`", e);
        }
        if (has(e, UnknownHostException.class)) {
            return new ModelException(ErrorKind.NETWORK, "cannot resolve the Bedrock endpoint " + endpointText(),
                    "check --region (now " + region + "), --endpoint-url / AWS_ENDPOINT_URL_BEDROCK_RUNTIME, and DNS", e);
        }
        if (has(e, ConnectException.class) || text.contains("Connection refused") || text.contains("connection timed out")
                || text.contains("Connect timeout")) {
            return new ModelException(ErrorKind.NETWORK, "cannot connect to " + endpointText(),
                    "check --endpoint-url / AWS_ENDPOINT_URL_BEDROCK_RUNTIME, the region, and your network", e);
        }
        if (has(e, ClosedChannelException.class) || text.contains("closed") || text.contains("reset")) {
            return new ModelException(ErrorKind.NETWORK, "the connection to " + endpointText() + " broke: " + firstLine(e),
                    "try again; if it keeps failing, check the endpoint and your network", e);
        }
        if (e instanceof SdkClientException) {
            return new ModelException(ErrorKind.NETWORK, "the call to " + endpointText() + " failed: " + firstLine(e),
                    "check --endpoint-url, the region and your network; --debug shows more", e);
        }
        return new ModelException(ErrorKind.INTERNAL, "unexpected failure: " + e, "run again with --debug and report it", e);
    }

    private ModelException service(AwsServiceException e) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : firstLine(e);
        int status = e.statusCode();
        String lower = message.toLowerCase(Locale.ROOT);
        switch (code) {
            case "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
                    "MissingAuthenticationTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch" -> {
                return new ModelException(ErrorKind.AUTHENTICATION, "Bedrock rejected the credentials: " + message, AUTH_HINT, e);
            }
            case "ExpiredTokenException", "ExpiredToken" -> {
                return new ModelException(ErrorKind.AUTHENTICATION, "the AWS credentials have expired: " + message,
                        "refresh them, e.g. `aws sso login" + (profile == null ? "" : " --profile " + profile) + "`", e);
            }
            case "AccessDeniedException" -> {
                return new ModelException(ErrorKind.ACCESS_DENIED, "access denied to " + modelId + ": " + message,
                        "allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream in IAM and enable the model "
                                + "under Model access in the Bedrock console (" + region + ")", e);
            }
            case "ResourceNotFoundException" -> {
                return new ModelException(ErrorKind.MODEL_NOT_FOUND, "model " + modelId + " not found in " + region + ": " + message,
                        "check the model id and whether the model is offered in " + region, e);
            }
            case "ThrottlingException", "ModelNotReadyException" -> {
                return new ModelException(ErrorKind.THROTTLED, "Bedrock is throttling requests: " + message,
                        "wait and retry, or ask for a higher quota (Service Quotas > Amazon Bedrock) or use another region", e);
            }
            case "ServiceQuotaExceededException" -> {
                return new ModelException(ErrorKind.QUOTA_EXCEEDED, "a Bedrock quota is exhausted: " + message,
                        "ask for a higher quota in Service Quotas > Amazon Bedrock, or use another region", e);
            }
            case "ModelTimeoutException" -> {
                return new ModelException(ErrorKind.TIMEOUT, "the model timed out: " + message, "try again, or send a smaller request", e);
            }
            case "ModelStreamErrorException" -> {
                return new ModelException(ErrorKind.STREAM_BROKEN, "the model's stream failed: " + message, "try again", e);
            }
            case "ValidationException" -> {
                if (lower.contains("on-demand throughput isn")) {
                    return new ModelException(ErrorKind.NEEDS_INFERENCE_PROFILE,
                            modelId + " is served only through an inference profile in " + region,
                            "use the profile id, e.g. " + profileExample(), e);
                }
                if (lower.contains("too long") || lower.contains("context window") || lower.contains("input is too")) {
                    return new ModelException(ErrorKind.CONTEXT_TOO_LONG, "the request is too long for " + modelId + ": " + message,
                            "shorten the conversation or the input", e);
                }
                return new ModelException(ErrorKind.VALIDATION, "Bedrock refused the request: " + message,
                        "check the model id and the request options", e);
            }
            default -> {
                if (status >= 500 || "InternalServerException".equals(code) || "ServiceUnavailableException".equals(code)) {
                    return new ModelException(ErrorKind.UNAVAILABLE, "Bedrock is unavailable (" + status + " " + code + "): " + message,
                            "try again in a moment", e);
                }
                if (status == 403) {
                    return new ModelException(ErrorKind.AUTHENTICATION, "Bedrock rejected the credentials: " + message, AUTH_HINT, e);
                }
                return new ModelException(ErrorKind.VALIDATION, "Bedrock answered " + status + " " + code + ": " + message,
                        "check the request; --debug shows more", e);
            }
        }
    }

    private String profileExample() {
        String prefix = region.startsWith("eu-") ? "eu." : region.startsWith("ap-") ? "apac." : region.startsWith("us-gov-") ? "us-gov." : "us.";
        return prefix + modelId;
    }

    private String endpointText() {
        if (endpoint != null) {
            return endpoint.toString();
        }
        String fromEnv = System.getenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
        if (fromEnv == null || fromEnv.isBlank()) {
            fromEnv = System.getenv("AWS_ENDPOINT_URL");
        }
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "https://bedrock-runtime." + region + ".amazonaws.com";
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

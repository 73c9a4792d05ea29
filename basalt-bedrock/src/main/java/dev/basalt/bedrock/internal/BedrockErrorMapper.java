package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.ModelRef;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.io.IOException;
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
 * the fix in another. The only place that knows Bedrock's error codes and the SDK's failure texts.
 *
 * <p>Messages quote only the first line of what AWS said: signature errors go on to print the
 * canonical request, whose signed headers can include the session token. The SDK exception stays
 * the cause, for {@code --debug}.
 */
public final class BedrockErrorMapper {

    static final String AUTH_HINT = "check AWS_SECRET_ACCESS_KEY or the profile";
    static final String API_KEY_HINT = "check AWS_BEARER_TOKEN_BEDROCK or the bedrock.apiKey setting"
            + " (a key is made under API keys in the Bedrock console, and a short-term one lasts 12 hours at most)";
    static final String THROTTLED_HINT = "wait and retry, ask for a higher quota (Service Quotas > Amazon Bedrock), or add fallback"
            + " regions (--fallback-region, or the fallbackRegions setting)";
    static final String NO_CREDENTIALS_HINT =
            "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws configure` / `aws sso login`";
    static final String NETWORK_HINT = "check --endpoint-url / AWS_ENDPOINT_URL_BEDROCK_RUNTIME, the region, and your network";

    private final String modelId;
    private final String region;
    private final URI endpoint;
    private final String profile;

    /**
     * @param endpoint the endpoint the call used, for messages; null means Bedrock's regional one
     * @param profile the profile credentials came from (--profile, else AWS_PROFILE), or null
     */
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
            return new ModelException(ErrorKind.TIMEOUT, "Bedrock did not answer in time",
                    "try again; a smaller request answers sooner", e);
        }
        if (e instanceof IllegalArgumentException) {
            // thrown while translating the request (a tool schema or input that is not JSON, say)
            return new ModelException(ErrorKind.VALIDATION, "the request cannot be sent: " + firstLine(e),
                    "fix the request; --debug shows where it failed", e);
        }
        String text = messages(e);
        ModelException credentials = credentials(e, text);
        if (credentials != null) {
            return credentials;
        }
        return transport(e, text);
    }

    /** Failures to find or refresh credentials; they happen before anything is sent. */
    private ModelException credentials(Throwable e, String text) {
        if (profile != null && text.contains("no credentials for profile '" + profile + "'")) {
            return new ModelException(ErrorKind.CONFIGURATION,
                    "the AWS profile '" + profile + "' is not in ~/.aws/config (or ~/.aws/credentials) or holds no credentials",
                    "check the name with `aws configure list-profiles`, or create it with `aws configure --profile "
                            + profile + "` / `aws configure sso --profile " + profile + "`", e);
        }
        if (text.contains("SSO session") || text.contains("Unable to load SSO token") || text.contains("token has expired")
                || text.contains("Token is expired")) {
            return new ModelException(ErrorKind.AUTHENTICATION, "the AWS SSO session has expired or was never started",
                    "run `" + ssoLogin() + "`", e);
        }
        if (text.contains("Unable to load credentials from any of the providers")) {
            return new ModelException(ErrorKind.AUTHENTICATION, "no AWS credentials found", NO_CREDENTIALS_HINT, e);
        }
        if (e instanceof SdkClientException && !has(e, IOException.class)
                && text.toLowerCase(Locale.ROOT).contains("credentials")) {
            // credential_process, web identity, container credentials and the like, failing their own way
            return new ModelException(ErrorKind.AUTHENTICATION, "cannot load AWS credentials: " + firstLine(e),
                    profile == null ? NO_CREDENTIALS_HINT : "check the profile '" + profile + "' in ~/.aws/config", e);
        }
        return null;
    }

    /** Failures on the way to Bedrock and back. */
    private ModelException transport(Throwable e, String text) {
        if (has(e, UnknownHostException.class)) {
            return new ModelException(ErrorKind.NETWORK, "cannot resolve the Bedrock endpoint " + endpointText(),
                    "check --region (now " + region + "), --endpoint-url / AWS_ENDPOINT_URL_BEDROCK_RUNTIME, and DNS", e);
        }
        // Netty's ConnectTimeoutException is a ConnectException
        if (has(e, ConnectException.class) || text.contains("Connection refused") || text.contains("connection timed out")
                || text.contains("Connect timeout")) {
            return new ModelException(ErrorKind.NETWORK, "cannot connect to " + endpointText(), NETWORK_HINT, e);
        }
        if (hasNamed(e, "ReadTimeoutException")) {
            return new ModelException(ErrorKind.TIMEOUT, endpointText() + " sent nothing for too long",
                    "try again; if it repeats, check the endpoint and your network", e);
        }
        if (has(e, ClosedChannelException.class) || text.contains("closed") || text.contains("reset")) {
            return new ModelException(ErrorKind.NETWORK, "the connection to " + endpointText() + " broke: " + firstLine(e),
                    "try again; if it keeps failing, " + NETWORK_HINT, e);
        }
        if (e instanceof SdkClientException) {
            return new ModelException(ErrorKind.NETWORK, "the call to " + endpointText() + " failed: " + firstLine(e),
                    NETWORK_HINT + "; --debug shows more", e);
        }
        return new ModelException(ErrorKind.INTERNAL, "unexpected failure: " + e.getClass().getName() + ": " + firstLine(e),
                "run again with --debug and report it", e);
    }

    private ModelException service(AwsServiceException e) {
        String wireCode = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
        // An exception event inside a stream names its type in camelCase (throttlingException).
        String code = wireCode.isEmpty() ? wireCode : Character.toUpperCase(wireCode.charAt(0)) + wireCode.substring(1);
        String message = firstLine(e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage());
        int status = e.statusCode();
        String lower = message.toLowerCase(Locale.ROOT);
        switch (code) {
            case "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
                    "IncompleteSignature", "MissingAuthenticationTokenException", "MissingAuthenticationToken",
                    "InvalidClientTokenId", "SignatureDoesNotMatch" -> {
                if (message.contains("scoped to a valid region")) {
                    // the keys are fine; the request was signed for a region the endpoint does not serve
                    return new ModelException(ErrorKind.CONFIGURATION, "the endpoint does not serve region " + region
                            + ": " + message, "set --region (or AWS_REGION) to the endpoint's region", e);
                }
                return new ModelException(ErrorKind.AUTHENTICATION, "Bedrock rejected the credentials: " + message, AUTH_HINT, e);
            }
            case "ExpiredTokenException", "ExpiredToken" -> {
                return new ModelException(ErrorKind.AUTHENTICATION, "the AWS credentials have expired: " + message,
                        "refresh your credentials, e.g. `" + ssoLogin() + "`", e);
            }
            case "AccessDeniedException" -> {
                if (lower.contains("api key")) {
                    // Bedrock answers a bad API key with AccessDenied, but no IAM change fixes it
                    return new ModelException(ErrorKind.AUTHENTICATION, "Bedrock rejected the API key: " + message,
                            API_KEY_HINT, e);
                }
                return new ModelException(ErrorKind.ACCESS_DENIED, "access denied to " + modelId + ": " + message,
                        "allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream in IAM and enable the model "
                                + "under Model access in the Bedrock console (" + region + ")", e);
            }
            case "ResourceNotFoundException" -> {
                return new ModelException(ErrorKind.MODEL_NOT_FOUND, "model " + modelId + " not found in " + region + ": " + message,
                        notFoundHint(), e);
            }
            case "ThrottlingException", "ModelNotReadyException" -> {
                return new ModelException(ErrorKind.THROTTLED, "Bedrock is throttling requests: " + message, THROTTLED_HINT, e);
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
            case "ModelErrorException" -> {
                return new ModelException(ErrorKind.UNAVAILABLE, "the model failed to answer: " + message,
                        "try again; if it repeats, simplify the request", e);
            }
            case "ValidationException" -> {
                return validation(e, message, lower);
            }
            default -> {
                if (status >= 500 || "InternalServerException".equals(code) || "ServiceUnavailableException".equals(code)) {
                    return new ModelException(ErrorKind.UNAVAILABLE, "Bedrock is unavailable (" + status + " " + code + "): " + message,
                            "try again in a moment", e);
                }
                if (status == 403) {
                    return new ModelException(ErrorKind.AUTHENTICATION, "Bedrock rejected the credentials: " + message, AUTH_HINT, e);
                }
                if (status == 429) {
                    return new ModelException(ErrorKind.THROTTLED, "Bedrock is throttling requests: " + message, THROTTLED_HINT, e);
                }
                return new ModelException(ErrorKind.VALIDATION, "Bedrock answered " + status + " " + code + ": " + message,
                        "check the request; --debug shows more", e);
            }
        }
    }

    private ModelException validation(AwsServiceException e, String message, String lower) {
        // Bedrock writes "isn’t" with a typographic apostrophe; match the stem.
        if (lower.contains("on-demand throughput isn")) {
            return new ModelException(ErrorKind.NEEDS_INFERENCE_PROFILE,
                    modelId + " is served only through an inference profile in " + region,
                    "use the inference profile id, e.g. " + ModelRef.geography(region) + "."
                            + modelId.substring(modelId.lastIndexOf('/') + 1) + " (us./eu./apac./global. + the model id)", e);
        }
        if (lower.contains("too long") || lower.contains("context window") || lower.contains("context limit")
                || lower.contains("context length")) {
            return new ModelException(ErrorKind.CONTEXT_TOO_LONG, "the request is too long for " + modelId + ": " + message,
                    "shorten the conversation or the input, or lower max tokens", e);
        }
        if (lower.contains("model identifier is invalid")) {
            return new ModelException(ErrorKind.MODEL_NOT_FOUND, "Bedrock does not know the model " + modelId + " in " + region,
                    notFoundHint(), e);
        }
        return new ModelException(ErrorKind.VALIDATION, "Bedrock refused the request: " + message,
                "check the model id and the request options", e);
    }

    /** The model's regions as the catalog knows them, and where to see what the account can call. */
    private String notFoundHint() {
        return "check the id (`basalt models` lists aliases and ids); " + ModelRef.whereServed(modelId).map(w -> w + "; ").orElse("")
                + "`basalt models --live --region " + region + "` lists what your account can call there";
    }

    private String ssoLogin() {
        return "aws sso login" + (profile == null ? "" : " --profile " + profile);
    }

    private String endpointText() {
        return endpoint != null ? endpoint.toString() : "https://bedrock-runtime." + region + ".amazonaws.com";
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

    /** By simple name, so the mapper needs no Netty types. */
    private static boolean hasNamed(Throwable e, String simpleName) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals(simpleName)) {
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
        return firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
    }
}

package dev.basalt.emulator;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request the emulator answered, as received, with how it was answered.
 *
 * @param at when the request arrived (by the emulator's clock)
 * @param method the HTTP method
 * @param rawPath the path exactly as sent (still percent-encoded), without the query
 * @param operation the Bedrock operation the path names ({@code Converse}, {@code ConverseStream},
 *     {@code InvokeModel}, ...), or null when it names none
 * @param modelId the percent-decoded model id from the path, or null when the path has none
 * @param httpVersion {@code HTTP/1.1} or {@code HTTP/2}
 * @param auth how the request authenticated: {@code sigv4}, {@code bearer} or {@code none}
 * @param status the HTTP status answered
 * @param errorType the error name answered (e.g. {@code InvalidSignatureException}), or null on success
 * @param headers the request headers, names lower-cased, repeated values joined with ","; over
 *     HTTP/2 the {@code :authority} pseudo-header is included
 * @param requestBody the request body decoded as UTF-8
 * @param fault the injected fault that shaped the answer (e.g. {@code Throttle}), or null
 * @param replyText the assistant text answered by a model operation, or null
 */
public record RecordedCall(Instant at, String method, String rawPath, String operation, String modelId,
                           String httpVersion, String auth, int status, String errorType,
                           Map<String, String> headers, String requestBody, String fault,
                           String replyText) {

    public RecordedCall {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(httpVersion, "httpVersion");
        Objects.requireNonNull(auth, "auth");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(requestBody, "requestBody");
    }

    /** The header's value (name in any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}

package dev.basalt.emulator.internal;

import java.util.Objects;

/**
 * An error answer in Bedrock's shape: status, {@code x-amzn-errortype} and {@code {"message":...}}.
 *
 * <p>Errors from Bedrock itself carry the {@code com.amazon.bedrock} namespace in the type header;
 * the ones AWS's front door answers before a request reaches the service (authentication, unknown
 * operations) carry {@code com.amazon.coral.service}, as real AWS does. Clients read only the part
 * before ':' (the AWS SDK for Java's restJson1 parser and the JavaScript SDK both split there).
 *
 * @param namespace the coral namespace that follows the name in {@code x-amzn-errortype}
 * @param messageMember the body member that holds the message: {@code message}, or {@code Message}
 *     where the answer comes from the API-key check, which words its body that way
 */
record BedrockError(int status, String type, String message, String namespace, String messageMember) {

    static final String BEDROCK = "http://internal.amazon.com/coral/com.amazon.bedrock/";
    static final String FRONT_DOOR = "http://internal.amazon.com/coral/com.amazon.coral.service/";

    BedrockError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(messageMember, "messageMember");
    }

    BedrockError(int status, String type, String message, String namespace) {
        this(status, type, message, namespace, "message");
    }

    /** The {@code x-amzn-errortype} header value. */
    String typeHeader() {
        return type + ":" + namespace;
    }

    static BedrockError validation(String message) {
        return new BedrockError(400, "ValidationException", message, BEDROCK);
    }

    /**
     * A body member of the wrong JSON type: AWS's JSON protocol layer refuses it before the service
     * validates anything, so the type carries the front door's namespace.
     */
    static BedrockError serialization(String message) {
        return new BedrockError(400, "SerializationException", message, FRONT_DOOR);
    }

    static BedrockError internal(String message) {
        return new BedrockError(500, "InternalServerException", message, BEDROCK);
    }

    static BedrockError unknownOperation(String message) {
        return new BedrockError(404, "UnknownOperationException", message, FRONT_DOOR);
    }

    static BedrockError missingAuthentication() {
        return new BedrockError(403, "MissingAuthenticationTokenException", "Missing Authentication Token", FRONT_DOOR);
    }

    static BedrockError unrecognizedClient() {
        return new BedrockError(403, "UnrecognizedClientException",
                "The security token included in the request is invalid.", FRONT_DOOR);
    }

    /**
     * A Bearer key the emulator was not given, refused as Bedrock refuses one (403, the body's member
     * spelled {@code Message}; seen by users of Claude Code, the AWS SDK for JavaScript and others): a key
     * without a Bedrock API key's prefix ({@code ABSK} long-term, {@code bedrock-api-key-} short-term)
     * is refused for its format, any other for its value. The JavaScript SDK names the error
     * AccessDeniedException.
     */
    static BedrockError unknownApiKey(String key) {
        boolean shaped = key.startsWith("ABSK") || key.startsWith("bedrock-api-key-");
        return new BedrockError(403, "AccessDeniedException", shaped
                ? "Authentication failed: Please make sure your API Key is valid."
                : "Invalid API Key format: Must start with pre-defined prefix", FRONT_DOOR, "Message");
    }

    static BedrockError invalidSignature(String message) {
        return new BedrockError(403, "InvalidSignatureException", message, FRONT_DOOR);
    }

    static BedrockError incompleteSignature(String message) {
        return new BedrockError(400, "IncompleteSignatureException", message, FRONT_DOOR);
    }
}

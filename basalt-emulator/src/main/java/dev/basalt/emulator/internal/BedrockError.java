package dev.basalt.emulator.internal;

/**
 * An error as Bedrock answers it: an HTTP status, the type in {@code x-amzn-errortype} and a
 * {@code {"message": ...}} body. Clients take the type from the header, before the first ':'.
 */
public record BedrockError(int status, String type, String message) {

    /** Front-door (authentication) errors come from a different AWS service namespace than Bedrock's own. */
    public String errorTypeHeader() {
        String namespace = status == 403 && !"AccessDeniedException".equals(type)
                ? "http://internal.amazon.com/coral/com.amazon.coral.service/"
                : "http://internal.amazon.com/coral/com.amazon.bedrock/";
        return type + ":" + namespace;
    }

    public static BedrockError validation(String message) {
        return new BedrockError(400, "ValidationException", message);
    }

    public static BedrockError unknownOperation() {
        return new BedrockError(404, "UnknownOperationException", null);
    }

    public static BedrockError missingToken() {
        return new BedrockError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    public static BedrockError unrecognizedClient() {
        return new BedrockError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    public static BedrockError invalidSignature(String message) {
        return new BedrockError(403, "InvalidSignatureException", message);
    }

    public static BedrockError incompleteSignature(String message) {
        return new BedrockError(403, "IncompleteSignatureException", message);
    }
}

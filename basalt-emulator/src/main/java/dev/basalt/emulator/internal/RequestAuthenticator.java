package dev.basalt.emulator.internal;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Decides whether a request may proceed: SigV4, a Bedrock API key (Bearer), or no auth when allowed. */
public final class RequestAuthenticator {

    /** The scheme a request used, and the error to answer with when it fails. */
    public record Outcome(String scheme, Optional<BedrockError> error) {}

    private final SigV4Verifier sigV4;
    private final List<String> apiKeys;
    private final boolean noAuth;

    public RequestAuthenticator(SigV4Verifier sigV4, List<String> apiKeys, boolean noAuth) {
        this.sigV4 = sigV4;
        this.apiKeys = List.copyOf(apiKeys);
        this.noAuth = noAuth;
    }

    public Outcome check(String authorization, SigV4Verifier.SignedRequest request) {
        if (authorization == null || authorization.isBlank()) {
            return new Outcome("none", noAuth ? Optional.empty() : Optional.of(BedrockError.missingToken()));
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            boolean known = apiKeys.stream().anyMatch(k -> MessageDigest.isEqual(
                    k.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8)));
            // In no-auth mode any credential is accepted, as clients that always sign must still work.
            return new Outcome("bearer", known || noAuth ? Optional.empty() : Optional.of(BedrockError.unrecognizedClient()));
        }
        if (noAuth) {
            return new Outcome("sigv4", Optional.empty());
        }
        return new Outcome("sigv4", sigV4.verify(authorization, request));
    }
}

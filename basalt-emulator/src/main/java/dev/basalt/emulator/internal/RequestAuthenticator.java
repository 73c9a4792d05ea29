package dev.basalt.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * AWS's front door: decides whether a request reaches Bedrock at all, by SigV4, by Bedrock API key
 * ({@code Authorization: Bearer}), or not at all when authentication is off.
 */
final class RequestAuthenticator {

    /**
     * How a request authenticated and, when it failed, the refusal to answer.
     *
     * @param scheme {@code sigv4}, {@code bearer} or {@code none}
     */
    record Outcome(String scheme, Optional<BedrockError> refusal) {
    }

    private static final String BEARER = "bearer ";

    private final boolean noAuth;
    private final List<byte[]> apiKeys;
    private final SigV4Verifier sigV4;
    private final SigV4Verifier stsSigV4;

    RequestAuthenticator(EmulatorConfig config) {
        this.noAuth = config.noAuth();
        this.apiKeys = config.apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.sigV4 = new SigV4Verifier(config.secretsByKeyId(), config.clock(), "bedrock", config.region());
        this.stsSigV4 = new SigV4Verifier(config.secretsByKeyId(), config.clock(), "sts", config.region());
    }

    Outcome authenticate(IncomingRequest request) {
        return authenticate(request, "bedrock");
    }

    /** @param service the signing name the request must be scoped to: {@code bedrock}, or {@code sts} */
    Outcome authenticate(IncomingRequest request, String service) {
        String authorization = request.header("authorization");
        String scheme = scheme(authorization);
        if (noAuth) {
            // clients that always sign (the AWS SDKs) must work against a no-auth emulator too
            return new Outcome(scheme, Optional.empty());
        }
        return new Outcome(scheme, switch (scheme) {
            case "none" -> Optional.of(BedrockError.missingAuthentication());
            case "bearer" -> {
                String key = authorization.substring(BEARER.length()).trim();
                yield knownApiKey(key) ? Optional.empty() : Optional.of(BedrockError.unknownApiKey(key));
            }
            case "sigv4" -> (service.equals("sts") ? stsSigV4 : sigV4).verify(request);
            default -> Optional.of(BedrockError.incompleteSignature(
                    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
                            + "parameter. Authorization header requires 'SignedHeaders' parameter. (Expected "
                            + SigV4Authorization.SCHEME + " or a Bedrock API key as Bearer.)"));
        });
    }

    private static String scheme(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return "none";
        }
        if (authorization.startsWith(SigV4Authorization.SCHEME + " ")) {
            return "sigv4";
        }
        if (authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return "bearer";
        }
        return "other";
    }

    private boolean knownApiKey(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] candidate : apiKeys) {
            // compare against every key, so timing does not tell which one came close
            known |= MessageDigest.isEqual(candidate, given);
        }
        return known;
    }
}

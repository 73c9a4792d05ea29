package dev.basalt.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 ...}) against known key
 * pairs, answering as AWS's front door does when it refuses.
 *
 * <p>Any region is accepted in the credential scope (clients sign for the region they were given;
 * the emulator serves them all); the service must match. The payload hash is the
 * {@code x-amz-content-sha256} header when sent, else the SHA-256 of the body (the AI SDK and
 * opencode do not send the header). {@code x-amz-security-token} is signed like any header and
 * otherwise ignored: session credentials are not checked.
 */
final class SigV4Verifier {

    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, String> secretsByKeyId;
    private final Clock clock;
    private final String service;
    private final String region;

    /**
     * @param service the signing name the credential scope must carry: {@code bedrock} for the
     *     emulator; the AWS test-suite vectors use {@code service}
     */
    SigV4Verifier(Map<String, String> secretsByKeyId, Clock clock, String service) {
        this(secretsByKeyId, clock, service, null);
    }

    /** @param region the region the credential scope must name, or null for any (a multi-region stand-in) */
    SigV4Verifier(Map<String, String> secretsByKeyId, Clock clock, String service, String region) {
        this.region = region;
        this.secretsByKeyId = Map.copyOf(secretsByKeyId);
        this.clock = clock;
        this.service = service;
    }

    /** Empty when the request's SigV4 signature is good; else the error AWS would answer. */
    Optional<BedrockError> verify(IncomingRequest request) {
        try {
            check(request);
            return Optional.empty();
        } catch (BedrockErrorException e) {
            return Optional.of(e.error());
        }
    }

    private void check(IncomingRequest request) {
        String header = request.header("authorization");
        if (header == null || !header.startsWith(SigV4Authorization.SCHEME)) {
            throw new BedrockErrorException(BedrockError.missingAuthentication());
        }
        SigV4Authorization auth = SigV4Authorization.parse(header);
        String secret = secretsByKeyId.get(auth.accessKeyId());
        if (secret == null) {
            throw new BedrockErrorException(BedrockError.unrecognizedClient());
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw new BedrockErrorException(BedrockError.incompleteSignature(
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization="
                            + header));
        }
        Instant signedAt = parseDate(amzDate);
        checkScope(auth, amzDate);
        checkWindow(amzDate, signedAt);

        String payloadHash = request.header("x-amz-content-sha256");
        if (payloadHash == null) {
            payloadHash = HEX.formatHex(sha256(request.body()));
        }
        CanonicalRequest canonical = CanonicalRequest.of(request, auth.signedHeaders(), payloadHash);
        String expected = signature(secret, auth, amzDate, canonical);
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!same) {
            throw new BedrockErrorException(BedrockError.invalidSignature(
                    "The request signature we calculated does not match the signature you provided. Check your AWS "
                            + "Secret Access Key and signing method. Consult the service documentation for details."));
        }
    }

    private void checkScope(SigV4Authorization auth, String amzDate) {
        if (!auth.signedHeaders().contains("host") && !auth.signedHeaders().contains(":authority")) {
            throw new BedrockErrorException(BedrockError.invalidSignature(
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
        }
        if (!amzDate.startsWith(auth.date())) {
            throw new BedrockErrorException(BedrockError.invalidSignature(
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + auth.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'."));
        }
        if (!auth.service().equals(service)) {
            throw new BedrockErrorException(BedrockError.invalidSignature(
                    "Credential should be scoped to correct service: '" + service + "'. "));
        }
        if (region != null && !auth.region().equals(region)) {
            throw new BedrockErrorException(BedrockError.invalidSignature(
                    "Credential should be scoped to a valid region, not '" + auth.region() + "'. "));
        }
        if (!auth.terminator().equals("aws4_request")) {
            throw new BedrockErrorException(BedrockError.invalidSignature(
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + auth.terminator() + "'."));
        }
    }

    /** AWS's own wording, so a client's clock-skew handling (the SDKs correct and retry) recognises it. */
    private void checkWindow(String amzDate, Instant signedAt) {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(WINDOW))) {
            throw new BedrockErrorException(BedrockError.invalidSignature("Signature expired: " + amzDate
                    + " is now earlier than " + AMZ_DATE.format(now.minus(WINDOW)) + " (" + AMZ_DATE.format(now)
                    + " - 5 min.)"));
        }
        if (signedAt.isAfter(now.plus(WINDOW))) {
            throw new BedrockErrorException(BedrockError.invalidSignature("Signature not yet current: " + amzDate
                    + " is still later than " + AMZ_DATE.format(now.plus(WINDOW)) + " (" + AMZ_DATE.format(now)
                    + " + 5 min.)"));
        }
    }

    private static Instant parseDate(String amzDate) {
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new BedrockErrorException(BedrockError.incompleteSignature(
                    "Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601"));
        }
    }

    static String signature(String secret, SigV4Authorization auth, String amzDate, CanonicalRequest canonical) {
        String stringToSign = SigV4Authorization.SCHEME + '\n' + amzDate + '\n' + auth.scope() + '\n'
                + HEX.formatHex(sha256(canonical.text().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, auth.terminator());
        return HEX.formatHex(hmac(key, stringToSign));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}

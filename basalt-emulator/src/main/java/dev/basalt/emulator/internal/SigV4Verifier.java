package dev.basalt.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 as AWS's front door does, written here from the specification so
 * the emulator shares no code with any client's signer. The canonical URI is built from the path
 * exactly as received, each segment URI-encoded again (so %3A becomes %253A), which is what every
 * recorded client signs.
 */
public final class SigV4Verifier {

    static final Duration SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, String> secrets;
    private final Clock clock;
    private final String service;

    /** {@code secrets} maps access key id to secret key. */
    public SigV4Verifier(Map<String, String> secrets, Clock clock, String service) {
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
        this.service = service;
    }

    /** The parts of a request a signature covers. Header lookup is by lowercase name, all values. */
    public interface SignedRequest {
        String method();

        String rawPath();

        String rawQuery();

        List<String> headers(String lowercaseName);

        byte[] body();
    }

    /** Empty when the signature is good; otherwise the error to answer with. */
    public Optional<BedrockError> verify(String authorization, SignedRequest request) {
        Authorization auth = Authorization.parse(authorization);
        if (auth == null) {
            return Optional.of(BedrockError.incompleteSignature(
                    "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters."));
        }
        String secret = secrets.get(auth.accessKeyId);
        if (secret == null) {
            return Optional.of(BedrockError.unrecognizedClient());
        }
        String amzDate = first(request.headers("x-amz-date"));
        if (amzDate == null) {
            return Optional.of(BedrockError.incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return Optional.of(BedrockError.incompleteSignature("Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'."));
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(SKEW))) {
            return Optional.of(BedrockError.invalidSignature("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)"));
        }
        if (signedAt.isAfter(now.plus(SKEW))) {
            return Optional.of(BedrockError.invalidSignature("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)"));
        }
        if (!amzDate.startsWith(auth.date)) {
            return Optional.of(BedrockError.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + auth.date + "' != '" + amzDate.substring(0, 8) + "'"));
        }
        if (!service.equals(auth.service)) {
            return Optional.of(BedrockError.invalidSignature("Credential should be scoped to correct service: '" + service + "'. "));
        }
        String expected = signature(secret, auth, amzDate, request);
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature.getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.empty() : Optional.of(BedrockError.invalidSignature(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                        + "Access Key and signing method. Consult the service documentation for details."));
    }

    static String signature(String secret, Authorization auth, String amzDate, SignedRequest request) {
        String scope = auth.date + "/" + auth.region + "/" + auth.service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256(canonicalRequest(auth.signedHeaders, request).getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date);
        key = hmac(key, auth.region);
        key = hmac(key, auth.service);
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    static String canonicalRequest(List<String> signedHeaders, SignedRequest request) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        canonical.append(canonicalUri(request.rawPath())).append('\n');
        canonical.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers(":authority".equals(name) ? "host" : name);
            List<String> trimmed = new ArrayList<>();
            for (String value : values) {
                trimmed.add(value.strip().replaceAll(" +", " "));
            }
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        canonical.append('\n');
        canonical.append(String.join(";", signedHeaders)).append('\n');
        String payloadHash = first(request.headers("x-amz-content-sha256"));
        canonical.append(payloadHash != null ? payloadHash : HEX.formatHex(sha256(request.body())));
        return canonical.toString();
    }

    static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        String[] segments = rawPath.split("/", -1);
        StringBuilder uri = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                uri.append('/');
            }
            uri.append(encode(segments[i]));
        }
        return uri.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {encode(RuntimeRoute.decode(name)), encode(RuntimeRoute.decode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder query = new StringBuilder();
        for (String[] pair : pairs) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(pair[0]).append('=').append(pair[1]);
        }
        return query.toString();
    }

    /** RFC 3986 encoding: unreserved characters stay, every other byte becomes %XX (upper case). */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
            String signature) {

        static Authorization parse(String header) {
            if (header == null || !header.startsWith("AWS4-HMAC-SHA256 ")) {
                return null;
            }
            String credential = null;
            String signedHeaders = null;
            String signature = null;
            for (String part : header.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
                String p = part.strip();
                if (p.startsWith("Credential=")) {
                    credential = p.substring("Credential=".length());
                } else if (p.startsWith("SignedHeaders=")) {
                    signedHeaders = p.substring("SignedHeaders=".length());
                } else if (p.startsWith("Signature=")) {
                    signature = p.substring("Signature=".length());
                }
            }
            if (credential == null || signedHeaders == null || signature == null) {
                return null;
            }
            String[] scope = credential.split("/");
            if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
                return null;
            }
            return new Authorization(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")), signature);
        }
    }
}

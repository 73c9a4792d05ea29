package dev.basalt.emulator.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SigV4 signer for the tests, written apart from the verifier (different encoding code, its own
 * canonicalisation), so that a bug would have to be made twice to go unnoticed.
 *
 * @param headers lower-case names to values; the signed ones must all be present
 */
public record TestSigner(String keyId, String secret, String region, String service) {

    /** The Authorization header value for the request. */
    public String authorization(String method, String rawPath, String rawQuery, Map<String, String> headers,
                                List<String> signedHeaders, String payloadHash, String amzDate) {
        List<String> sorted = signedHeaders.stream().sorted().toList();
        String canonicalUri = Arrays.stream(rawPath.split("/", -1)).map(TestSigner::escape)
                .collect(Collectors.joining("/"));
        TreeMap<String, String> query = new TreeMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(escape(unescape(kv[0])), escape(unescape(kv.length > 1 ? kv[1] : "")));
            }
        }
        String canonicalQuery = query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String canonicalHeaders = sorted.stream()
                .map(h -> h + ":" + headers.get(h).strip().replaceAll("\\s+", " ") + "\n")
                .collect(Collectors.joining());
        String canonical = String.join("\n", method, canonicalUri, canonicalQuery, canonicalHeaders,
                String.join(";", sorted), payloadHash);
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String part : List.of(date, region, service, "aws4_request")) {
            key = hmac(key, part);
        }
        return "AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope + ", SignedHeaders=" + String.join(";", sorted)
                + ", Signature=" + HexFormat.of().formatHex(hmac(key, toSign));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** java.net's form encoding, turned into RFC 3986: space, '*' and '~' are the differences. */
    private static String escape(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String unescape(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

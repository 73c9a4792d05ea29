package dev.basalt.emulator;

import dev.basalt.emulator.internal.TestSigner;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the headers a SigV4 client sends for a JSON POST, signed with the tests' own signer. */
final class SignedRequests {

    static final String KEY_ID = "AKIDEMULATORTEST";
    static final String SECRET = "emulator/test+secret";

    private SignedRequests() {
    }

    static String body(String prompt) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + prompt.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}]}],\"inferenceConfig\":{\"maxTokens\":512}}";
    }

    static String now() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    /**
     * Headers for a POST of {@code body} to {@code rawPath}, signed over {@code hostHeaderName}
     * ({@code host}, or {@code :authority} as the JS SDK does over HTTP/2) with the given key pair.
     */
    static Map<String, String> headers(String keyId, String secret, String hostHeaderName, String authority,
                                       String rawPath, String body) {
        String payloadHash = TestSigner.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-amz-date", now());
        headers.put("x-amz-content-sha256", payloadHash);
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put(hostHeaderName, authority);
        headers.put("authorization", new TestSigner(keyId, secret, "us-west-2", "bedrock").authorization("POST", rawPath, "",
                signed, List.copyOf(signed.keySet()), payloadHash, headers.get("x-amz-date")));
        return headers;
    }
}

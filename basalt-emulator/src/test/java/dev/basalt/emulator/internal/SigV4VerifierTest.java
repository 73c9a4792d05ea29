package dev.basalt.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SigV4VerifierTest {

    static final String KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String VECTOR_DATE = "20150830T123600Z";
    static final Clock VECTOR_CLOCK = clockAt(VECTOR_DATE);
    static final String VECTOR_SCOPE = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=";

    // --- the AWS SigV4 test suite (service "service", region us-east-1) ---

    @Test
    void getVanillaVectorVerifies() {
        assertThat(verifyVector("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")).isEmpty();
    }

    @Test
    void postVanillaVectorVerifies() {
        assertThat(verifyVector("POST", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")).isEmpty();
    }

    @Test
    void queryParametersAreSortedBeforeSigning() {
        assertThat(verifyVector("GET", "Param2=value2&Param1=value1",
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")).isEmpty();
    }

    @Test
    void tamperedSignatureIsInvalidSignature() {
        assertThat(verifyVector("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf32"))
                .hasValueSatisfying(e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.type()).isEqualTo("InvalidSignatureException");
                    assertThat(e.message()).startsWith("The request signature we calculated does not match");
                });
    }

    @Test
    void unknownAccessKeyIsUnrecognizedClient() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of("AKIDOTHER", SECRET), VECTOR_CLOCK, "service");
        assertThat(verifier.verify(vectorRequest("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")))
                .hasValueSatisfying(e -> {
                    assertThat(e.type()).isEqualTo("UnrecognizedClientException");
                    assertThat(e.message()).isEqualTo("The security token included in the request is invalid.");
                });
    }

    @Test
    void signatureOlderThanFiveMinutesHasExpired() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of(KEY_ID, SECRET), clockAt("20150830T124601Z"), "service");
        assertThat(verifier.verify(vectorRequest("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")))
                .hasValueSatisfying(e -> {
                    assertThat(e.type()).isEqualTo("InvalidSignatureException");
                    assertThat(e.message()).isEqualTo(
                            "Signature expired: 20150830T123600Z is now earlier than 20150830T124101Z (20150830T124601Z - 5 min.)");
                });
    }

    @Test
    void signatureFromTheFutureIsNotYetCurrent() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of(KEY_ID, SECRET), clockAt("20150830T122000Z"), "service");
        assertThat(verifier.verify(vectorRequest("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")))
                .hasValueSatisfying(e -> assertThat(e.message()).isEqualTo(
                        "Signature not yet current: 20150830T123600Z is still later than 20150830T122500Z (20150830T122000Z + 5 min.)"));
    }

    @Test
    void signatureWithinFiveMinutesIsAccepted() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of(KEY_ID, SECRET), clockAt("20150830T124100Z"), "service");
        assertThat(verifier.verify(vectorRequest("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")))
                .isEmpty();
    }

    @Test
    void credentialScopedToAnotherServiceIsRefused() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of(KEY_ID, SECRET), VECTOR_CLOCK, "bedrock");
        assertThat(verifier.verify(vectorRequest("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")))
                .hasValueSatisfying(e -> assertThat(e.message()).contains("correct service: 'bedrock'"));
    }

    @Test
    void authorizationWithoutSignatureIsIncomplete() {
        IncomingRequest request = new IncomingRequest("HTTP/1.1", "GET", "/", "", Map.of(
                "host", List.of("example.amazonaws.com"), "x-amz-date", List.of(VECTOR_DATE),
                "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request")),
                new byte[0]);
        assertThat(new SigV4Verifier(Map.of(KEY_ID, SECRET), VECTOR_CLOCK, "service").verify(request))
                .hasValueSatisfying(e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("IncompleteSignatureException");
                    assertThat(e.message()).contains("'Signature'").contains("'SignedHeaders'");
                });
    }

    @Test
    void canonicalUriEncodesTheSentPathAgain() {
        assertThat(CanonicalRequest.canonicalUri("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"))
                .isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse");
        assertThat(CanonicalRequest.canonicalUri("/model/us.anthropic.claude-sonnet-4-20250514-v1:0/invoke"))
                .isEqualTo("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke");
        assertThat(CanonicalRequest.canonicalUri("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fx/converse"))
                .isEqualTo("/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A1%253Ainference-profile%252Fx/converse");
        assertThat(CanonicalRequest.canonicalUri("/a b/~x_y-z.")).isEqualTo("/a%20b/~x_y-z.");
    }

    // --- what real clients sent (shared/conformance/captures) ---

    /** Captures that kept the whole Authorization header: the client's own signature is checked. */
    @TestFactory
    Stream<DynamicTest> realClientSignaturesFromCapturesVerify() {
        List<Capture> captures = captures().stream()
                .filter(c -> c.signedAndVerified() && !c.bodyElided() && c.authorizationIntact() && c.bodyMatches())
                .toList();
        assertThat(captures).as("captures with an intact client signature").isNotEmpty();
        return captures.stream().map(capture -> DynamicTest.dynamicTest(capture.name(), () -> {
            IncomingRequest request = capture.request(capture.headers());
            assertThat(verifier(SECRET, capture.amzDate()).verify(request)).as(capture.name()).isEmpty();
            assertThat(verifier(oneCharOff(SECRET), capture.amzDate()).verify(request))
                    .hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("InvalidSignatureException"));
        }));
    }

    /**
     * The recorder elided long Authorization headers, so most captures cannot be checked against
     * the client's own signature. Their shapes still can: the path, query, signed-header list
     * (:authority over h2, host signed but sent only as :authority, x-stainless-*), date and
     * payload hash are kept and re-signed, and the canonical URI must be the one the client's real
     * signature verified with.
     */
    @TestFactory
    Stream<DynamicTest> capturedRequestShapesVerifyWhenResigned() {
        List<Capture> captures = captures().stream().filter(Capture::signedAndVerified).toList();
        assertThat(captures).hasSizeGreaterThan(20);
        return captures.stream().map(capture -> DynamicTest.dynamicTest(capture.name(), () -> {
            assertThat(CanonicalRequest.canonicalUri(capture.rawPath())).isEqualTo(capture.matchedCanonicalUri());

            Map<String, List<String>> headers = new LinkedHashMap<>(capture.headers());
            Map<String, String> signedValues = new LinkedHashMap<>();
            for (String name : capture.signedHeaders()) {
                List<String> values = headers.get(name);
                if (values == null && name.equals("host")) {
                    values = headers.get(":authority");   // the AWS SDK for Java over h2
                }
                assertThat(values).as(capture.name() + " sent signed header " + name).isNotNull();
                signedValues.put(name, String.join(",", values));
            }
            String payloadHash = Optional.ofNullable(headers.get("x-amz-content-sha256")).map(v -> v.get(0))
                    .orElseGet(() -> TestSigner.sha256Hex(capture.body()));
            String authorization = new TestSigner(KEY_ID, SECRET, "us-east-1", "bedrock").authorization(
                    capture.json().path("method").asText(), capture.rawPath(), capture.rawQuery(), signedValues,
                    capture.signedHeaders(), payloadHash, capture.amzDate());
            headers.put("authorization", new ArrayList<>(List.of(authorization)));
            IncomingRequest request = capture.request(headers);

            assertThat(verifier(SECRET, capture.amzDate()).verify(request)).as(capture.name()).isEmpty();
            assertThat(verifier(oneCharOff(SECRET), capture.amzDate()).verify(request))
                    .hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("InvalidSignatureException"));
        }));
    }

    private static List<Capture> captures() {
        Optional<Path> directory = Capture.directory();
        assumeTrue(directory.isPresent(), "shared/conformance/captures not found above " + System.getProperty("user.dir"));
        return Capture.all(directory.get());
    }

    private static SigV4Verifier verifier(String secret, String amzDate) {
        return new SigV4Verifier(Map.of(KEY_ID, secret), clockAt(amzDate), "bedrock");
    }

    private static String oneCharOff(String secret) {
        return secret.substring(0, secret.length() - 1) + (secret.endsWith("Y") ? "Z" : "Y");
    }

    private static Optional<BedrockError> verifyVector(String method, String query, String signature) {
        return new SigV4Verifier(Map.of(KEY_ID, SECRET), VECTOR_CLOCK, "service")
                .verify(vectorRequest(method, query, signature));
    }

    private static IncomingRequest vectorRequest(String method, String query, String signature) {
        return new IncomingRequest("HTTP/1.1", method, "/", query, Map.of(
                "host", List.of("example.amazonaws.com"),
                "x-amz-date", List.of(VECTOR_DATE),
                "authorization", List.of("AWS4-HMAC-SHA256 " + VECTOR_SCOPE + signature)), new byte[0]);
    }

    static Clock clockAt(String amzDate) {
        Instant instant = Instant.from(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC).parse(amzDate));
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}

package dev.basalt.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.Emulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every request real clients sent (shared/conformance/captures) against the emulator:
 * the same method, raw path and query, headers and body, re-signed with the test's key where the
 * client signed (the recorder elided long texts, so the original signatures no longer verify),
 * with the test's API key where the client used one, and unsigned where it sent nothing. Each must
 * succeed with an answer of its operation's shape.
 */
class CaptureReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ID = "AKIDREPLAY";
    private static final String SECRET = "replay/secret+key";
    private static final String API_KEY = "bedrock-api-key-replay";
    /** Headers the HTTP client sets itself, or that the replay replaces. */
    private static final Set<String> NOT_COPIED = Set.of("host", ":authority", ":method", ":path", ":scheme",
            "content-length", "connection", "authorization", "x-amz-date", "x-amz-content-sha256", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "http2-settings");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Emulator signedEmulator;
    private static Emulator openEmulator;

    @BeforeAll
    static void start() {
        signedEmulator = Emulator.builder().credentials(KEY_ID, SECRET).apiKey(API_KEY).start();
        openEmulator = Emulator.builder().noAuth(true).start();
    }

    @AfterAll
    static void stop() {
        signedEmulator.close();
        openEmulator.close();
    }

    static Stream<Capture> captures() {
        var directory = Capture.directory();
        assumeTrue(directory.isPresent(), "conformance captures not found");
        return Capture.all(directory.get()).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyCapturedRequestSucceedsWithItsOperationsShape(Capture capture) throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(replay(capture), HttpResponse.BodyHandlers.ofByteArray());

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as("%s answered %s", capture.name(), body).isEqualTo(200);
        String path = capture.json().path("decodedPath").asText();
        String operation = path.startsWith("/model/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        switch (operation) {
            case "converse" -> assertConverse(JSON.readTree(response.body()));
            case "converse-stream" -> assertConverseStream(response);
            case "invoke" -> assertInvoke(path, JSON.readTree(response.body()), response);
            case "invoke-with-response-stream" -> assertInvokeStream(path, response);
            case "/inference-profiles" -> assertThat(JSON.readTree(response.body()).path("inferenceProfileSummaries"))
                    .isNotEmpty()
                    .anySatisfy(p -> assertThat(p.path("inferenceProfileId").asText()).startsWith("us.anthropic."));
            default -> throw new AssertionError("a capture of an operation this test does not know: " + path);
        }
    }

    private static void assertConverse(JsonNode body) {
        assertThat(body.path("output").path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("output").path("message").path("content").isArray()).isTrue();
        assertThat(body.path("stopReason").asText()).isNotEmpty();
        assertThat(body.path("usage").path("inputTokens").asInt()).isPositive();
        assertThat(body.path("metrics").has("latencyMs")).isTrue();
    }

    private static void assertConverseStream(HttpResponse<byte[]> response) {
        assertThat(response.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");
        List<DecodedFrame> frames = DecodedFrame.decodeAll(response.body());
        assertThat(frames).extracting(DecodedFrame::eventType).startsWith("messageStart").endsWith("messageStop", "metadata");
    }

    private static void assertInvoke(String path, JsonNode body, HttpResponse<byte[]> response) {
        if (path.contains("anthropic.")) {
            assertThat(body.path("type").asText()).isEqualTo("message");
            assertThat(body.path("role").asText()).isEqualTo("assistant");
            assertThat(body.path("content").isArray()).isTrue();
            assertThat(body.path("stop_reason").asText()).isNotEmpty();
            assertThat(body.path("usage").path("input_tokens").asInt()).isPositive();
        } else if (path.contains("titan-embed")) {
            assertThat(body.path("embedding")).isNotEmpty();
            assertThat(body.path("inputTextTokenCount").asInt()).isPositive();
        } else {
            assertThat(body.path("output").path("message").path("content").isArray()).as(body.toString()).isTrue();
        }
        assertThat(response.headers().firstValue("x-amzn-bedrock-input-token-count")).isPresent();
        assertThat(response.headers().firstValue("x-amzn-bedrock-output-token-count")).isPresent();
    }

    private static void assertInvokeStream(String path, HttpResponse<byte[]> response) throws Exception {
        assertThat(response.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");
        List<JsonNode> chunks = new ArrayList<>();
        for (DecodedFrame frame : DecodedFrame.decodeAll(response.body())) {
            assertThat(frame.eventType()).isEqualTo("chunk");
            String bytes = JSON.readTree(frame.payload()).path("bytes").asText();
            chunks.add(JSON.readTree(Base64.getDecoder().decode(bytes)));
        }
        assertThat(chunks).isNotEmpty();
        assertThat(chunks.get(chunks.size() - 1).path("amazon-bedrock-invocationMetrics").path("outputTokenCount").asInt())
                .isPositive();
        if (path.contains("anthropic.")) {
            assertThat(chunks.get(0).path("type").asText()).isEqualTo("message_start");
            assertThat(chunks.get(chunks.size() - 1).path("type").asText()).isEqualTo("message_stop");
        }
    }

    private static HttpRequest replay(Capture capture) {
        String auth = capture.json().path("sigv4").path("present").asBoolean() ? "sigv4"
                : capture.headers().containsKey("authorization") ? "bearer" : "none";
        Emulator emulator = auth.equals("none") ? openEmulator : signedEmulator;
        String method = capture.json().path("method").asText();
        byte[] body = capture.body();
        String target = capture.rawPath() + (capture.rawQuery().isEmpty() ? "" : "?" + capture.rawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + target))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> headers = new LinkedHashMap<>();
        capture.headers().forEach((name, values) -> {
            if (!NOT_COPIED.contains(name)) {
                headers.put(name, values.get(0));
            }
        });
        if (auth.equals("bearer")) {
            headers.put("authorization", "Bearer " + API_KEY);
        } else if (auth.equals("sigv4")) {
            sign(capture, emulator, method, body, headers);
        }
        headers.forEach(request::header);
        return request.build();
    }

    /** Signs over the headers the client signed (its :authority as host), with this test's key. */
    private static void sign(Capture capture, Emulator emulator, String method, byte[] body, Map<String, String> headers) {
        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC));
        headers.put("x-amz-date", date);
        String payloadHash = TestSigner.sha256Hex(body);
        if (capture.headers().containsKey("x-amz-content-sha256")) {
            headers.put("x-amz-content-sha256", payloadHash);
        }
        Map<String, String> signed = new LinkedHashMap<>();
        for (String name : capture.signedHeaders()) {
            String header = name.equals(":authority") ? "host" : name;
            if (header.equals("host")) {
                signed.put("host", emulator.endpoint().getAuthority());
            } else if (headers.containsKey(header)) {
                signed.put(header, headers.get(header));
            }
        }
        signed.putIfAbsent("host", emulator.endpoint().getAuthority());
        signed.putIfAbsent("x-amz-date", date);
        String region = capture.json().path("sigv4").path("region").asText("us-east-1");
        headers.put("authorization", new TestSigner(KEY_ID, SECRET, region, "bedrock").authorization(method,
                capture.rawPath(), capture.rawQuery(), signed, List.copyOf(signed.keySet()), payloadHash, date));
    }
}

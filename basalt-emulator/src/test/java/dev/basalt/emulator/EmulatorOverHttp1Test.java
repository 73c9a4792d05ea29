package dev.basalt.emulator;

import static dev.basalt.emulator.SignedRequests.KEY_ID;
import static dev.basalt.emulator.SignedRequests.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.DecodedFrame;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator as an HTTP/1.1 client (java.net.http) sees it. */
class EmulatorOverHttp1Test {

    static final String MODEL_PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0";
    static final String API_KEY = "ABSKemulatorTestKey";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().credentials(KEY_ID, SECRET).credentials("AKIDSECOND", "second-secret")
                .apiKey(API_KEY).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void signedConverseAnswersWithTheEchoInBedrocksShape() throws Exception {
        String prompt = "Hello there, \"emulator\"";

        HttpResponse<String> response = send(signed(MODEL_PATH + "/converse", SignedRequests.body(prompt), SECRET));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(UUID.fromString(response.headers().firstValue("x-amzn-RequestId").orElseThrow())).isNotNull();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/output/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/output/message/content/0/text").asText()).isEqualTo(prompt);
        assertThat(body.at("/stopReason").asText()).isEqualTo("end_turn");
        int in = body.at("/usage/inputTokens").asInt();
        int out = body.at("/usage/outputTokens").asInt();
        assertThat(in).isEqualTo(EchoModel.estimateTokens(prompt));
        assertThat(out).isEqualTo(EchoModel.estimateTokens(prompt));
        assertThat(body.at("/usage/totalTokens").asInt()).isEqualTo(in + out);
        assertThat(body.at("/usage/cacheReadInputTokens").asInt(-1)).isZero();
        assertThat(body.at("/usage/cacheWriteInputTokens").asInt(-1)).isZero();
        assertThat(body.at("/metrics/latencyMs").isIntegralNumber()).isTrue();
    }

    @Test
    void converseStreamSendsEventFramesWhoseDeltasJoinToThePrompt() throws Exception {
        String prompt = "Streams arrive one small piece at a time";

        HttpResponse<byte[]> response = CLIENT.send(signed(MODEL_PATH + "/converse-stream", SignedRequests.body(prompt), SECRET),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        List<DecodedFrame> frames = DecodedFrame.decodeAll(response.body());
        assertStreamOfEcho(frames, prompt);
    }

    /** The stream every client must see for an echo of {@code prompt}. */
    static void assertStreamOfEcho(List<DecodedFrame> frames, String prompt) throws IOException {
        List<String> types = frames.stream().map(DecodedFrame::eventType).toList();
        assertThat(types.get(0)).isEqualTo("messageStart");
        assertThat(types.subList(types.size() - 3, types.size())).containsExactly("contentBlockStop", "messageStop", "metadata");
        assertThat(types.subList(1, types.size() - 3)).hasSizeGreaterThan(1).containsOnly("contentBlockDelta");
        for (DecodedFrame frame : frames) {
            assertThat(frame.headers()).containsEntry(":content-type", "application/json").containsEntry(":message-type", "event");
            assertThat(JSON.readTree(frame.payload()).path("p").asText()).matches("[a-zA-Z]+");
        }
        assertThat(JSON.readTree(frames.get(0).payload()).path("role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        for (DecodedFrame frame : frames.subList(1, frames.size() - 3)) {
            JsonNode delta = JSON.readTree(frame.payload());
            assertThat(delta.path("contentBlockIndex").asInt(-1)).isZero();
            text.append(delta.at("/delta/text").asText());
        }
        assertThat(text).hasToString(prompt);
        assertThat(JSON.readTree(frames.get(frames.size() - 3).payload()).path("contentBlockIndex").asInt(-1)).isZero();
        assertThat(JSON.readTree(frames.get(frames.size() - 2).payload()).path("stopReason").asText()).isEqualTo("end_turn");
        JsonNode metadata = JSON.readTree(frames.get(frames.size() - 1).payload());
        assertThat(metadata.at("/usage/outputTokens").asInt()).isEqualTo(EchoModel.estimateTokens(prompt));
        assertThat(metadata.at("/usage/totalTokens").asInt())
                .isEqualTo(metadata.at("/usage/inputTokens").asInt() + metadata.at("/usage/outputTokens").asInt());
        assertThat(metadata.at("/metrics/latencyMs").isIntegralNumber()).isTrue();
    }

    @Test
    void wrongSecretIsInvalidSignatureWithTheErrorTypeHeader() throws Exception {
        HttpResponse<String> response = send(signed(MODEL_PATH + "/converse", SignedRequests.body("hi"), SECRET + "x"));

        assertError(response, 403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                        + "Access Key and signing method. Consult the service documentation for details.");
        assertThat(emulator.recordedCalls()).last().satisfies(call -> {
            assertThat(call.status()).isEqualTo(403);
            assertThat(call.errorType()).isEqualTo("InvalidSignatureException");
            assertThat(call.auth()).isEqualTo("sigv4");
        });
    }

    @Test
    void secondConfiguredKeyPairIsAccepted() throws Exception {
        String body = SignedRequests.body("hi");
        HttpResponse<String> response = send(request(MODEL_PATH + "/converse", body,
                SignedRequests.headers("AKIDSECOND", "second-secret", "host", authority(), MODEL_PATH + "/converse", body)));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownAccessKeyIsUnrecognizedClient() throws Exception {
        String body = SignedRequests.body("hi");
        HttpResponse<String> response = send(request(MODEL_PATH + "/converse", body,
                SignedRequests.headers("AKIDNOBODY", SECRET, "host", authority(), MODEL_PATH + "/converse", body)));

        assertError(response, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void requestWithoutAuthorizationIsMissingAuthenticationToken() throws Exception {
        HttpResponse<String> response = send(request(MODEL_PATH + "/converse", SignedRequests.body("hi"),
                Map.of("content-type", "application/json")));

        assertError(response, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        assertThat(emulator.recordedCalls()).last().extracting(RecordedCall::auth).isEqualTo("none");
    }

    @Test
    void configuredApiKeyIsAcceptedAsBearer() throws Exception {
        HttpResponse<String> response = send(request(MODEL_PATH + "/converse", SignedRequests.body("with a key"),
                Map.of("content-type", "application/json", "authorization", "Bearer " + API_KEY)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/output/message/content/0/text").asText()).isEqualTo("with a key");
        assertThat(emulator.recordedCalls()).last().extracting(RecordedCall::auth).isEqualTo("bearer");
    }

    @Test
    void unknownApiKeyIsRefusedForItsValueAndAKeyOfNoKnownShapeForItsFormat() throws Exception {
        HttpResponse<String> unknown = send(request(MODEL_PATH + "/converse", SignedRequests.body("hi"),
                Map.of("content-type", "application/json", "authorization", "Bearer ABSKnotThisOne")));
        HttpResponse<String> shapeless = send(request(MODEL_PATH + "/converse", SignedRequests.body("hi"),
                Map.of("content-type", "application/json", "authorization", "Bearer sk-not-bedrock")));

        // Bedrock's API-key check spells its body's member "Message"
        for (HttpResponse<String> response : List.of(unknown, shapeless)) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("x-amzn-errortype")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("AccessDeniedException:"));
        }
        assertThat(JSON.readTree(unknown.body()).path("Message").asText())
                .isEqualTo("Authentication failed: Please make sure your API Key is valid.");
        assertThat(JSON.readTree(shapeless.body()).path("Message").asText())
                .isEqualTo("Invalid API Key format: Must start with pre-defined prefix");
    }

    @Test
    void noAuthEmulatorAcceptsUnsignedRequests() throws Exception {
        try (Emulator open = Emulator.builder().noAuth(true).start()) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(open.endpoint() + MODEL_PATH + "/converse"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SignedRequests.body("open")))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(open.recordedCalls()).singleElement().satisfies(call -> {
                assertThat(call.auth()).isEqualTo("none");
                assertThat(call.httpVersion()).isEqualTo("HTTP/1.1");
                assertThat(call.requestBody()).isEqualTo(SignedRequests.body("open"));
            });
        }
    }

    @Test
    void rawColonEncodedColonAndArnPathsAllRouteToTheirModelId() throws Exception {
        List<String> paths = List.of("/model/us.anthropic.claude-haiku-4-5-20251001-v1:0/converse", "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse",
                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fus.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse");

        for (String path : paths) {
            assertThat(send(signed(path, SignedRequests.body("route me"), SECRET)).statusCode()).as(path).isEqualTo(200);
            RecordedCall call = emulator.recordedCalls().get(emulator.recordedCalls().size() - 1);
            assertThat(call.rawPath()).isEqualTo(path);
            assertThat(call.operation()).isEqualTo("Converse");
        }

        List<RecordedCall> calls = emulator.recordedCalls();
        assertThat(calls.subList(calls.size() - 3, calls.size())).extracting(RecordedCall::modelId).containsExactly(
                "us.anthropic.claude-haiku-4-5-20251001-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
                "arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0");
    }

    @Test
    void unknownPathIsUnknownOperation() throws Exception {
        HttpResponse<String> response = send(signed("/model/m/chat", SignedRequests.body("hi"), SECRET));

        assertError(response, 404, "UnknownOperationException", null);
        assertThat(emulator.recordedCalls()).last().satisfies(call -> {
            assertThat(call.operation()).isNull();
            assertThat(call.modelId()).isNull();
        });
    }

    @Test
    void anthropicBodyWithoutMaxTokensIsRefusedInBedrocksWords() throws Exception {
        HttpResponse<String> response = send(signed(MODEL_PATH + "/invoke", "{\"anthropic_version\":\"bedrock-2023-05-31\"}", SECRET));

        assertError(response, 400, "ValidationException",
                "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.");
        assertThat(emulator.recordedCalls()).last().extracting(RecordedCall::operation).isEqualTo("InvokeModel");
    }

    @Test
    void malformedBodyIsValidationException() throws Exception {
        HttpResponse<String> response = send(signed(MODEL_PATH + "/converse", "{\"messages\":", SECRET));

        assertError(response, 400, "ValidationException", "Malformed input request, please reformat your input and try again.");
    }

    @Test
    void failingModelBehaviourIsInternalServerException() throws Exception {
        try (Emulator broken = Emulator.builder().noAuth(true).model(r -> {
            throw new IllegalStateException("scripted failure");
        }).start()) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(broken.endpoint() + MODEL_PATH + "/converse"))
                    .POST(HttpRequest.BodyPublishers.ofString(SignedRequests.body("hi"))).build(), HttpResponse.BodyHandlers.ofString());

            assertError(response, 500, "InternalServerException", null);
        }
    }

    @Test
    void bodyOfTwentyMegabytesIsAccepted() throws Exception {
        String prompt = "x".repeat(21 * 1024 * 1024);
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + prompt + "\"}]}],"
                + "\"inferenceConfig\":{\"maxTokens\":2}}";

        HttpResponse<String> response = send(signed(MODEL_PATH + "/converse", body, SECRET));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo("xxxxxxxx");
        assertThat(answer.at("/stopReason").asText()).isEqualTo("max_tokens");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (Emulator open = Emulator.builder().noAuth(true).start();
             Socket socket = new Socket("127.0.0.1", open.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (String prompt : List.of("first", "second", "third")) {
                byte[] body = SignedRequests.body(prompt).getBytes(StandardCharsets.UTF_8);
                out.write(("POST " + MODEL_PATH + "/converse HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();

                String response = readResponse(in);

                assertThat(response).startsWith("HTTP/1.1 200 OK").contains("\"text\":\"" + prompt + "\"");
            }
        }
    }

    /** One HTTP/1.1 response with a Content-Length, read off the socket as text. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = head.toString().lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToInt(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void takenPortFailsToStartNamingThePort() {
        assertThatThrownBy(() -> Emulator.builder().port(emulator.port()).noAuth(true).start())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + emulator.port())
                .hasCauseInstanceOf(BindException.class);
    }

    @Test
    void emulatorWithNoWayToAuthenticateRefusesToStart() {
        assertThatThrownBy(() -> Emulator.builder().start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("noAuth(true)");
    }

    @Test
    void closeStopsListeningAndMayBeRepeated() {
        Emulator shortLived = Emulator.builder().noAuth(true).start();
        URI endpoint = shortLived.endpoint();

        shortLived.close();
        shortLived.close();

        assertThatThrownBy(() -> CLIENT.send(HttpRequest.newBuilder(URI.create(endpoint + MODEL_PATH + "/converse"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    static void assertError(HttpResponse<String> response, int status, String type, String message) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-errortype")).hasValueSatisfying(value -> {
            assertThat(value.substring(0, value.indexOf(':'))).isEqualTo(type);
            assertThat(value).contains(":http://internal.amazon.com/coral/");
        });
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("message").isTextual()).isTrue();
        if (message != null) {
            assertThat(body.path("message").asText()).isEqualTo(message);
        }
    }

    private static String authority() {
        return "127.0.0.1:" + emulator.port();
    }

    private static HttpRequest signed(String rawPath, String body, String secret) {
        return request(rawPath, body, SignedRequests.headers(KEY_ID, secret, "host", authority(), rawPath, body));
    }

    private static HttpRequest request(String rawPath, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(emulator.endpoint() + rawPath))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return builder.build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

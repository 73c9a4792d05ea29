package dev.basalt.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.DecodedFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request log says what actually went out: error words, usage, request id, and how far a stream got. */
class RequestLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String HAIKU3 = "/model/anthropic.claude-3-haiku-20240307-v1:0";
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"one two three four\"}]}]}";

    @Test
    void theLogHoldsTheRequestIdUsageAndTheWordsOfAnError(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("requests.jsonl");
        try (Emulator emulator = Emulator.builder().noAuth(true).requestLog(log).start()) {
            HttpResponse<byte[]> ok = post(emulator, HAIKU3 + "/converse", HELLO);
            HttpResponse<byte[]> bad = post(emulator, HAIKU3 + "/converse", "{\"messages\":[]}");
            List<JsonNode> lines = lines(log);

            assertThat(lines.get(0).at("/response/requestId").asText())
                    .isEqualTo(ok.headers().firstValue("x-amzn-RequestId").orElseThrow());
            assertThat(lines.get(0).at("/response/usage/outputTokens").asInt()).isPositive();
            assertThat(lines.get(0).at("/response/latencyMs").isIntegralNumber()).isTrue();
            assertThat(lines.get(1).at("/response/requestId").asText())
                    .isEqualTo(bad.headers().firstValue("x-amzn-RequestId").orElseThrow());
            assertThat(lines.get(1).at("/response/message").asText()).startsWith("A conversation must start with a user");
        }
    }

    @Test
    void aCutStreamIsLoggedWithTheEventsSentAndTheFaultNotTheWholeReply(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("requests.jsonl");
        try (Emulator emulator = Emulator.builder().noAuth(true).requestLog(log).start()) {
            emulator.faults(List.of(FaultRule.always(new Fault.StreamException(2, "modelStreamErrorException", "boom"))));
            List<DecodedFrame> frames = DecodedFrame.decodeAll(post(emulator, HAIKU3 + "/converse-stream", HELLO).body());

            DecodedFrame exception = frames.get(frames.size() - 1);
            assertThat(exception.headers()).containsEntry(":exception-type", "modelStreamErrorException");
            JsonNode payload = JSON.readTree(exception.payloadText());
            assertThat(payload.path("message").asText()).isEqualTo("boom");
            assertThat(payload.path("originalStatusCode").asInt()).isEqualTo(500);
            assertThat(payload.path("originalMessage").asText()).isEqualTo("boom");

            emulator.faults(List.of());
            post(emulator, HAIKU3 + "/converse-stream", HELLO);
        }
        List<JsonNode> lines = lines(log);
        JsonNode cut = lines.get(0).path("response");
        assertThat(cut.path("events").asInt()).isEqualTo(2);
        assertThat(cut.path("cutBy").asText()).isEqualTo("StreamException(modelStreamErrorException)");
        assertThat(cut.has("text")).isFalse();
        JsonNode whole = lines.get(1).path("response");
        assertThat(whole.has("cutBy")).isFalse();
        assertThat(whole.path("events").asInt()).isGreaterThan(2);
        assertThat(whole.path("text").asText()).isNotEmpty();
    }

    @Test
    void aBodyOverBedrocksLimitIsRefusedInBedrocksErrorShapeAndLogged(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("requests.jsonl");
        try (Emulator emulator = Emulator.builder().noAuth(true).requestLog(log).start()) {
            String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + "x".repeat(25_000_000) + "\"}]}]}";

            HttpResponse<byte[]> refused = post(emulator, HAIKU3 + "/invoke", body);

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.headers().firstValue("x-amzn-errortype").orElse("")).startsWith("ValidationException:");
            String requestId = refused.headers().firstValue("x-amzn-RequestId").orElseThrow();
            assertThat(JSON.readTree(refused.body()).path("message").asText()).isEqualTo("1 validation error detected: "
                    + "Value at 'body' failed to satisfy constraint: Member must have length less than or equal to 25000000");
            assertThat(emulator.recordedCalls()).extracting(RecordedCall::status).containsExactly(400);
            assertThat(post(emulator, HAIKU3 + "/converse", HELLO).statusCode()).isEqualTo(200);
            assertThat(lines(log).get(0).at("/response/requestId").asText()).isEqualTo(requestId);
            assertThat(lines(log).get(0).path("operation").asText()).isEqualTo("InvokeModel");
        }
    }

    private static List<JsonNode> lines(Path log) throws Exception {
        return Files.readAllLines(log).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static HttpResponse<byte[]> post(Emulator emulator, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

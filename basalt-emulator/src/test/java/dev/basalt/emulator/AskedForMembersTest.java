package dev.basalt.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.DecodedFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a request asks to be told back: the model's own response fields and the latency it was served with. */
class AskedForMembersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String HAIKU3 = "/model/anthropic.claude-3-haiku-20240307-v1:0";
    private static final String ASKING = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],"
            + "\"additionalModelResponseFieldPaths\":[\"/stop_sequence\",\"/delta/stop_sequence\"],"
            + "\"performanceConfig\":{\"latency\":\"optimized\"}}";

    @Test
    void converseAnswersTheAskedModelFieldsAndPerformanceConfig() throws Exception {
        try (Emulator emulator = Emulator.builder().noAuth(true).start()) {
            JsonNode answer = JSON.readTree(post(emulator, HAIKU3 + "/converse", ASKING, null).body());
            assertThat(answer.path("additionalModelResponseFields").has("stop_sequence")).isTrue();
            assertThat(answer.at("/additionalModelResponseFields/delta").has("stop_sequence")).isTrue();
            assertThat(answer.at("/performanceConfig/latency").asText()).isEqualTo("optimized");

            JsonNode plain = JSON.readTree(post(emulator, HAIKU3 + "/converse",
                    "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}", null).body());
            assertThat(plain.has("additionalModelResponseFields")).isFalse();
            assertThat(plain.has("performanceConfig")).isFalse();
        }
    }

    @Test
    void converseStreamTellsThemInMessageStopAndMetadata() throws Exception {
        try (Emulator emulator = Emulator.builder().noAuth(true).start()) {
            List<DecodedFrame> frames = DecodedFrame.decodeAll(post(emulator, HAIKU3 + "/converse-stream", ASKING, null).body());
            JsonNode stop = JSON.readTree(event(frames, "messageStop").payloadText());
            JsonNode metadata = JSON.readTree(event(frames, "metadata").payloadText());
            assertThat(stop.path("additionalModelResponseFields").has("stop_sequence")).isTrue();
            assertThat(metadata.at("/performanceConfig/latency").asText()).isEqualTo("optimized");
        }
    }

    @Test
    void invokeModelEchoesThePerformanceLatencyHeader() throws Exception {
        String body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":16,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (Emulator emulator = Emulator.builder().noAuth(true).start()) {
            assertThat(post(emulator, HAIKU3 + "/invoke", body, "optimized").headers()
                    .firstValue("X-Amzn-Bedrock-PerformanceConfig-Latency")).contains("optimized");
            assertThat(post(emulator, HAIKU3 + "/invoke-with-response-stream", body, "standard").headers()
                    .firstValue("X-Amzn-Bedrock-PerformanceConfig-Latency")).contains("standard");
            assertThat(post(emulator, HAIKU3 + "/invoke", body, null).headers()
                    .firstValue("X-Amzn-Bedrock-PerformanceConfig-Latency")).isEmpty();
        }
    }

    private static DecodedFrame event(List<DecodedFrame> frames, String type) {
        return frames.stream().filter(f -> type.equals(f.eventType())).findFirst().orElseThrow();
    }

    private static HttpResponse<byte[]> post(Emulator emulator, String path, String body, String latency) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (latency != null) {
            request.header("X-Amzn-Bedrock-PerformanceConfig-Latency", latency);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

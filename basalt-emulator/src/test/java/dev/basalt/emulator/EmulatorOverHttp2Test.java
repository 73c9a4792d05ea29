package dev.basalt.emulator;

import static dev.basalt.emulator.SignedRequests.KEY_ID;
import static dev.basalt.emulator.SignedRequests.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.DecodedFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator as an h2c client with prior knowledge sees it, on the same port as HTTP/1.1. */
class EmulatorOverHttp2Test {

    static final String MODEL_PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0";
    static final ObjectMapper JSON = new ObjectMapper();

    static Emulator emulator;
    static H2cTestClient client;

    @BeforeAll
    static void start() throws InterruptedException {
        emulator = Emulator.builder().credentials(KEY_ID, SECRET).start();
        client = new H2cTestClient(emulator.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void converseStreamSignedOverAuthorityStreamsOneDataFramePerEvent() throws Exception {
        String prompt = "Frames over h2c, one at a time";
        String path = MODEL_PATH + "/converse-stream";
        String body = SignedRequests.body(prompt);

        H2cTestClient.Response response = client.post(path,
                SignedRequests.headers(KEY_ID, SECRET, ":authority", client.authority(), path, body), body)
                .get(10, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("application/vnd.amazon.eventstream");
        assertThat(response.header("x-amzn-requestid")).isNotBlank();
        List<DecodedFrame> frames = DecodedFrame.decodeAll(response.body());
        EmulatorOverHttp1Test.assertStreamOfEcho(frames, prompt);
        // each event was written and flushed on its own, not gathered into one body
        assertThat(response.nonEmptyDataFrames()).isEqualTo(frames.size());
        assertThat(emulator.recordedCalls()).last().satisfies(call -> {
            assertThat(call.httpVersion()).isEqualTo("HTTP/2");
            assertThat(call.operation()).isEqualTo("ConverseStream");
            assertThat(call.modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
            assertThat(call.header(":authority")).isEqualTo(client.authority());
        });
    }

    @Test
    void converseSignedOverHostWhileSendingOnlyAuthorityVerifies() throws Exception {
        // the AWS SDK for Java's async client signs "host" but sends the host only as :authority
        String path = MODEL_PATH + "/converse";
        String body = SignedRequests.body("host from :authority");

        H2cTestClient.Response response = client.post(path,
                SignedRequests.headers(KEY_ID, SECRET, "host", client.authority(), path, body), body)
                .get(10, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo("host from :authority");
    }

    @Test
    void concurrentStreamsOnOneConnectionEachGetTheirAnswer() throws Exception {
        String path = MODEL_PATH + "/converse";
        List<CompletableFuture<H2cTestClient.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String body = SignedRequests.body("stream " + i);
            answers.add(client.post(path, SignedRequests.headers(KEY_ID, SECRET, ":authority", client.authority(), path, body), body));
        }

        for (int i = 0; i < answers.size(); i++) {
            H2cTestClient.Response response = answers.get(i).get(10, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).at("/output/message/content/0/text").asText()).isEqualTo("stream " + i);
        }
    }

    @Test
    void wrongSecretOverHttp2IsInvalidSignature() throws Exception {
        String path = MODEL_PATH + "/converse-stream";
        String body = SignedRequests.body("hi");

        H2cTestClient.Response response = client.post(path,
                SignedRequests.headers(KEY_ID, "not-the-secret", ":authority", client.authority(), path, body), body)
                .get(10, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("x-amzn-errortype")).startsWith("InvalidSignatureException:");
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(JSON.readTree(new String(response.body(), StandardCharsets.UTF_8)).path("message").asText())
                .startsWith("The request signature we calculated does not match");
    }

    @Test
    void missingAuthorizationOverHttp2IsMissingAuthenticationToken() throws Exception {
        H2cTestClient.Response response = client.post(MODEL_PATH + "/converse", Map.of("content-type", "application/json"),
                SignedRequests.body("hi")).get(10, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("x-amzn-errortype")).startsWith("MissingAuthenticationTokenException:");
    }
}

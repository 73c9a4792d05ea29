package dev.basalt.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official AWS SDK for JavaScript (@aws-sdk/client-bedrock-runtime, installed by the build with
 * `npm ci` in src/test/js) against the emulator, over HTTP/1.1 and over h2c, SigV4 verified; and
 * with Bedrock API keys the emulator does not know.
 */
class JsSdkConformanceTest {

    static final Path SCRIPT_DIR = Path.of("src", "test", "js").toAbsolutePath();
    static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).credentials("AKIDJSSDK", "js-sdk-secret")
                .fault(new FaultRule(new Fault.Throttle(), 1, "anthropic.claude-3-5-haiku-20241022-v1:0"))
                .fault(new FaultRule(new Fault.StreamException(2, "modelStreamErrorException", "the model stream broke"), 1,
                        "amazon.nova-lite-v1:0"))
                .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void theAwsSdkForJavaScriptGetsBedrockShapedAnswers(String protocol) throws Exception {
        assumeTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/@aws-sdk/client-bedrock-runtime")),
                "the build installs the JS SDK with npm ci; run `mvn verify` (not -Dmaven.test.skip)");
        Map<String, JsonNode> results = run(protocol);

        JsonNode converse = results.get("Converse");
        assertThat(converse.get("ok").asBoolean()).as(converse.toString()).isTrue();
        assertThat(converse.get("text").asText()).isEqualTo("hello from js");
        assertThat(converse.get("stopReason").asText()).isEqualTo("end_turn");
        assertThat(converse.at("/usage/outputTokens").asInt()).isPositive();

        JsonNode stream = results.get("ConverseStream");
        assertThat(stream.get("ok").asBoolean()).as(stream.toString()).isTrue();
        assertThat(stream.get("text").asText()).isEqualTo("streamed from js");
        assertThat(stream.get("deltas").asInt()).isEqualTo(3);
        assertThat(stream.get("stopReason").asText()).isEqualTo("end_turn");
        assertThat(stream.at("/usage/totalTokens").asInt()).isPositive();

        JsonNode invalid = results.get("ConverseInvalid");
        assertThat(invalid.get("ok").asBoolean()).isFalse();
        assertThat(invalid.get("error").asText()).isEqualTo("ValidationException");
        assertThat(invalid.get("status").asInt()).isEqualTo(400);

        JsonNode invoke = results.get("InvokeModel");
        assertThat(invoke.get("ok").asBoolean()).as(invoke.toString()).isTrue();
        assertThat(invoke.get("text").asText()).isEqualTo("invoked from js");
        assertThat(invoke.get("type").asText()).isEqualTo("message");
        assertThat(invoke.get("stopReason").asText()).isEqualTo("end_turn");
        assertThat(invoke.at("/usage/output_tokens").asInt()).isPositive();

        JsonNode invokeStream = results.get("InvokeModelWithResponseStream");
        assertThat(invokeStream.get("ok").asBoolean()).as(invokeStream.toString()).isTrue();
        assertThat(invokeStream.get("text").asText()).isEqualTo("invoke streamed from js");
        assertThat(invokeStream.get("types")).extracting(JsonNode::asText).startsWith("message_start", "content_block_start")
                .endsWith("content_block_stop", "message_delta", "message_stop");
        assertThat(invokeStream.at("/metrics/outputTokenCount").asInt()).isPositive();

        JsonNode invokeInvalid = results.get("InvokeInvalid");
        assertThat(invokeInvalid.get("error").asText()).as(invokeInvalid.toString()).isEqualTo("ValidationException");
        assertThat(invokeInvalid.get("status").asInt()).isEqualTo(400);

        JsonNode throttled = results.get("ConverseThrottled");
        assertThat(throttled.get("error").asText()).as(throttled.toString()).isEqualTo("ThrottlingException");
        assertThat(throttled.get("status").asInt()).isEqualTo(429);

        JsonNode broken = results.get("ConverseStreamBroken");
        assertThat(broken.get("ok").asBoolean()).as(broken.toString()).isFalse();
        assertThat(broken.get("error").asText()).isEqualTo("ModelStreamErrorException");
        assertThat(broken.get("message").asText()).isEqualTo("the model stream broke");

        JsonNode wrongKey = results.get("WrongApiKey");
        assertThat(wrongKey.get("error").asText()).as(wrongKey.toString()).isEqualTo("AccessDeniedException");
        assertThat(wrongKey.get("status").asInt()).isEqualTo(403);
        assertThat(wrongKey.get("message").asText()).isEqualTo("Authentication failed: Please make sure your API Key is valid.");
        JsonNode malformedKey = results.get("MalformedApiKey");
        assertThat(malformedKey.get("error").asText()).as(malformedKey.toString()).isEqualTo("AccessDeniedException");
        assertThat(malformedKey.get("message").asText()).isEqualTo("Invalid API Key format: Must start with pre-defined prefix");

        String expectedVersion = protocol.equals("h2") ? "HTTP/2" : "HTTP/1.1";
        assertThat(emulator.recordedCalls()).filteredOn(c -> c.httpVersion().equals(expectedVersion))
                .extracting(RecordedCall::operation)
                .contains("Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream");
    }

    private static Map<String, JsonNode> run(String protocol) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", "sdk-conformance.mjs", emulator.endpoint().toString(), protocol,
                "AKIDJSSDK", "js-sdk-secret")
                .directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(output).isZero();
        Map<String, JsonNode> results = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode result = json.readTree(line);
                results.put(result.get("op").asText(), result);
            }
        }
        assertThat(results).as(output).containsKeys("Converse", "ConverseStream", "ConverseInvalid", "InvokeModel",
                "InvokeModelWithResponseStream", "InvokeInvalid", "ConverseThrottled", "ConverseStreamBroken", "WrongApiKey",
                "MalformedApiKey");
        return results;
    }
}

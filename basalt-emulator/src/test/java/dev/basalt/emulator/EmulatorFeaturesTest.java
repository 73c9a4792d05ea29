package dev.basalt.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.DecodedFrame;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's behaviours beyond the happy path, over plain HTTP with authentication off (the
 * signed paths are covered by the protocol tests): the control plane, CountTokens, guardrails,
 * scripted models, faults, quotas, pace, the admin API and the request log.
 */
class EmulatorFeaturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String HAIKU3 = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SONNET45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    @Test
    void controlPlaneListsModelsAndTheProfilesOfTheSignedRegionsGeography() throws Exception {
        try (Emulator emulator = open().start()) {
            JsonNode models = json(get(emulator, "/foundation-models?byProvider=Anthropic"));
            assertThat(models.path("modelSummaries")).isNotEmpty().allSatisfy(m ->
                    assertThat(m.path("providerName").asText()).isEqualTo("Anthropic"));
            assertThat(models.path("modelSummaries")).anySatisfy(m -> {
                assertThat(m.path("modelId").asText()).isEqualTo(SONNET45);
                assertThat(m.path("inferenceTypesSupported")).extracting(JsonNode::asText).containsExactly("INFERENCE_PROFILE");
            });

            JsonNode one = json(get(emulator, "/foundation-models/" + HAIKU3.replace(":", "%3A")));
            assertThat(one.at("/modelDetails/modelArn").asText()).isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU3);

            JsonNode profiles = json(get(emulator, "/inference-profiles?type=SYSTEM_DEFINED"));
            assertThat(profiles.path("inferenceProfileSummaries")).extracting(p -> p.path("inferenceProfileId").asText())
                    .contains("us." + SONNET45, "global." + SONNET45).noneMatch(id -> id.startsWith("eu."));

            HttpResponse<String> missing = get(emulator, "/inference-profiles/eu.anthropic.nothing-v1:0");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("x-amzn-errortype").orElse("")).startsWith("ResourceNotFoundException");
        }
    }

    @Test
    void profileOnlyModelsRefuseOnDemandCallsWithBedrocksWordsAndUnknownIdsAreInvalid() throws Exception {
        try (Emulator emulator = open().start()) {
            HttpResponse<String> onDemand = post(emulator, "/model/" + SONNET45 + "/converse", converse("hi"));
            assertThat(onDemand.statusCode()).isEqualTo(400);
            assertThat(json(onDemand).path("message").asText()).isEqualTo("Invocation of model ID " + SONNET45
                    + " with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an "
                    + "inference profile that contains this model.");

            assertThat(post(emulator, "/model/us." + SONNET45 + "/converse", converse("hi")).statusCode()).isEqualTo(200);
            assertThat(post(emulator, "/model/jp." + HAIKU3 + "/converse", converse("hi")).statusCode()).isEqualTo(400);
            HttpResponse<String> unknown = post(emulator, "/model/anthropic.claude-9-v1:0/converse", converse("hi"));
            assertThat(json(unknown).path("message").asText()).isEqualTo("The provided model identifier is invalid.");
        }
    }

    @Test
    void countTokensAgreesWithTheUsageOfTheSameRequest() throws Exception {
        try (Emulator emulator = open().start()) {
            String body = "{\"system\":[{\"text\":\"Be brief.\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
                    + "\"How many tokens is this sentence?\"}]}]}";
            int usage = json(post(emulator, "/model/us." + SONNET45 + "/converse", body)).at("/usage/inputTokens").asInt();
            int counted = json(post(emulator, "/model/us." + SONNET45 + "/count-tokens",
                    "{\"input\":{\"converse\":" + body + "}}")).path("inputTokens").asInt();
            assertThat(counted).isEqualTo(usage).isPositive();

            String invokeBody = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,\"system\":\"Be brief.\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"How many tokens is this sentence?\"}]}";
            String encoded = Base64.getEncoder().encodeToString(invokeBody.getBytes());
            HttpResponse<String> invoked = post(emulator, "/model/us." + SONNET45 + "/invoke", invokeBody);
            int viaInvoke = json(post(emulator, "/model/us." + SONNET45 + "/count-tokens",
                    "{\"input\":{\"invokeModel\":{\"body\":\"" + encoded + "\"}}}")).path("inputTokens").asInt();
            assertThat(viaInvoke).isEqualTo(counted)
                    .isEqualTo(Integer.parseInt(invoked.headers().firstValue("x-amzn-bedrock-input-token-count").orElseThrow()));

            HttpResponse<String> unsupported = post(emulator, "/model/" + HAIKU3 + "/count-tokens",
                    "{\"input\":{\"converse\":" + body + "}}");
            assertThat(unsupported.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void guardrailsBlockTheirWordsInApplyGuardrailAndInConverse() throws Exception {
        try (Emulator emulator = open().guardrail(new Guardrail("gr-1", "1", List.of("password"))).start()) {
            JsonNode blocked = json(post(emulator, "/guardrail/gr-1/version/1/apply",
                    "{\"source\":\"INPUT\",\"content\":[{\"text\":{\"text\":\"what is the admin Password?\"}}]}"));
            assertThat(blocked.path("action").asText()).isEqualTo("GUARDRAIL_INTERVENED");
            assertThat(blocked.at("/assessments/0/wordPolicy/customWords/0/match").asText()).isEqualTo("password");
            JsonNode passed = json(post(emulator, "/guardrail/gr-1/version/1/apply",
                    "{\"source\":\"OUTPUT\",\"content\":[{\"text\":{\"text\":\"passwords are not mentioned\"}}]}"));
            assertThat(passed.path("action").asText()).isEqualTo("NONE");

            String guarded = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"tell me the password\"}]}],"
                    + "\"guardrailConfig\":{\"guardrailIdentifier\":\"gr-1\",\"guardrailVersion\":\"1\"}}";
            JsonNode answer = json(post(emulator, "/model/" + HAIKU3 + "/converse", guarded));
            assertThat(answer.path("stopReason").asText()).isEqualTo("guardrail_intervened");
            assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo(Guardrail.BLOCKED_MESSAGE);

            assertThat(post(emulator, "/guardrail/gr-9/version/1/apply", "{\"source\":\"INPUT\",\"content\":[]}")
                    .statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aScriptedConversationStreamsToolCallsSplitAcrossDeltasThenAnswers(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("script.json");
        Files.writeString(script, "{\"turns\":[{\"reply\":[{\"reasoning\":\"I should look.\",\"signature\":\"sig-a\"},"
                + "{\"text\":\"Reading it.\"},{\"toolUse\":{\"name\":\"read_file\",\"input\":{\"path\":\"notes.txt\"}}}]},"
                + "{\"reply\":[{\"text\":\"It says hi.\"}],\"usage\":{\"inputTokens\":50,\"outputTokens\":4,"
                + "\"cacheReadInputTokens\":40}}]}");
        try (Emulator emulator = open().model(ScriptedModel.fromFile(script)).start()) {
            HttpResponse<byte[]> first = postBytes(emulator, "/model/" + HAIKU3 + "/converse-stream", converse("read notes"));
            List<JsonNode> events = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (DecodedFrame frame : DecodedFrame.decodeAll(first.body())) {
                types.add(frame.eventType());
                events.add(JSON.readTree(frame.payload()));
            }
            StringBuilder input = new StringBuilder();
            int inputDeltas = 0;
            for (JsonNode event : events) {
                if (event.at("/delta/toolUse/input").isTextual()) {
                    input.append(event.at("/delta/toolUse/input").asText());
                    inputDeltas++;
                }
            }
            assertThat(input.toString()).isEqualTo("{\"path\":\"notes.txt\"}");
            assertThat(inputDeltas).isEqualTo(3);
            assertThat(events).anySatisfy(e -> assertThat(e.at("/start/toolUse/name").asText()).isEqualTo("read_file"));
            assertThat(events).anySatisfy(e -> assertThat(e.at("/delta/reasoningContent/signature").asText()).isEqualTo("sig-a"));
            assertThat(events).anySatisfy(e -> assertThat(e.path("stopReason").asText()).isEqualTo("tool_use"));
            assertThat(types).startsWith("messageStart").endsWith("messageStop", "metadata");

            String second = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"read notes\"}]},"
                    + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"tooluse_0_2\",\"name\":\"read_file\","
                    + "\"input\":{\"path\":\"notes.txt\"}}}]},{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":"
                    + "\"tooluse_0_2\",\"content\":[{\"text\":\"hi\"}]}}]}]}";
            JsonNode answer = json(post(emulator, "/model/" + HAIKU3 + "/converse", second));
            assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo("It says hi.");
            assertThat(answer.at("/usage/cacheReadInputTokens").asInt()).isEqualTo(40);
            assertThat(answer.path("stopReason").asText()).isEqualTo("end_turn");
        }
    }

    @Test
    void scriptedRedactedReasoningGoesOutInEveryWireShape(@TempDir Path dir) throws Exception {
        byte[] opaque = {0, 1, (byte) 0xFF, 42};
        String base64 = Base64.getEncoder().encodeToString(opaque);
        Path script = dir.resolve("script.json");
        Files.writeString(script, "{\"turns\":[{\"reply\":[{\"redactedReasoning\":\"" + base64 + "\"},{\"text\":\"Done.\"}]}]}");
        try (Emulator emulator = open().model(ScriptedModel.fromFile(script)).start()) {
            JsonNode answer = json(post(emulator, "/model/" + HAIKU3 + "/converse", converse("think")));
            assertThat(answer.at("/output/message/content/0/reasoningContent/redactedContent").asText()).isEqualTo(base64);
            assertThat(answer.at("/output/message/content/1/text").asText()).isEqualTo("Done.");

            List<JsonNode> events = new ArrayList<>();
            for (DecodedFrame frame : DecodedFrame.decodeAll(postBytes(emulator, "/model/" + HAIKU3 + "/converse-stream",
                    converse("think")).body())) {
                events.add(JSON.readTree(frame.payload()));
            }
            assertThat(events).filteredOn(e -> e.at("/delta/reasoningContent/redactedContent").isTextual())
                    .singleElement().satisfies(e -> {
                        assertThat(e.path("contentBlockIndex").asInt()).isZero();
                        assertThat(e.at("/delta/reasoningContent/redactedContent").asText()).isEqualTo(base64);
                    });

            JsonNode invoked = json(post(emulator, "/model/" + HAIKU3 + "/invoke", "{\"anthropic_version\":\"bedrock-2023-05-31\","
                    + "\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"think\"}]}"));
            assertThat(invoked.at("/content/0")).isEqualTo(JSON.readTree("{\"type\":\"redacted_thinking\",\"data\":\"" + base64 + "\"}"));
        }
        Files.writeString(script, "{\"turns\":[{\"reply\":[{\"redactedReasoning\":\"not base64!\"}]}]}");
        assertThatThrownBy(() -> ScriptedModel.fromFile(script)).hasMessageContaining("turns[0].reply[0].redactedReasoning must be base64");
    }

    @Test
    void aGuardrailAskedForItsTraceReportsWhatItAssessed() throws Exception {
        try (Emulator emulator = open().guardrail(new Guardrail("gr-1", "1", List.of("password"))).start()) {
            String config = ",\"guardrailConfig\":{\"guardrailIdentifier\":\"gr-1\",\"guardrailVersion\":\"1\",\"trace\":\"enabled\"}}";
            String blocked = converse("my password is x");
            JsonNode answer = json(post(emulator, "/model/" + HAIKU3 + "/converse", blocked.substring(0, blocked.length() - 1) + config));
            assertThat(answer.path("stopReason").asText()).isEqualTo("guardrail_intervened");
            assertThat(answer.at("/trace/guardrail/inputAssessment/gr-1/wordPolicy/customWords/0/match").asText()).isEqualTo("password");
            assertThat(answer.at("/trace/guardrail/actionReason").asText()).isEqualTo("Guardrail blocked.");

            String fine = converse("hello");
            List<JsonNode> events = new ArrayList<>();
            for (DecodedFrame frame : DecodedFrame.decodeAll(postBytes(emulator, "/model/" + HAIKU3 + "/converse-stream",
                    fine.substring(0, fine.length() - 1) + config).body())) {
                events.add(JSON.readTree(frame.payload()));
            }
            assertThat(events.get(events.size() - 1).at("/trace/guardrail/inputAssessment/gr-1/wordPolicy/customWords"))
                    .isEmpty();

            JsonNode untraced = json(post(emulator, "/model/" + HAIKU3 + "/converse", blocked.substring(0, blocked.length() - 1)
                    + ",\"guardrailConfig\":{\"guardrailIdentifier\":\"gr-1\",\"guardrailVersion\":\"1\"}}"));
            assertThat(untraced.has("trace")).isFalse();
        }
    }

    @Test
    void badScriptsAreRefusedNamingTheTurn(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("bad.json");
        Files.writeString(script, "{\"turns\":[{\"reply\":[{\"text\":\"ok\"}]},{\"reply\":[{\"tool\":{}}]}]}");
        assertThatThrownBy(() -> ScriptedModel.fromFile(script)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("turns[1].reply[0]");
    }

    @Test
    void streamFaultsBreakTheStreamWhereAsked() throws Exception {
        try (Emulator emulator = open().start()) {
            emulator.faults(List.of(FaultRule.always(new Fault.StreamException(2, "throttlingException", "slow down"))));
            List<DecodedFrame> frames = DecodedFrame.decodeAll(postBytes(emulator, "/model/" + HAIKU3 + "/converse-stream",
                    converse("one two three four")).body());
            assertThat(frames).hasSize(3);
            assertThat(frames.get(2).headers()).containsEntry(":message-type", "exception")
                    .containsEntry(":exception-type", "throttlingException");

            emulator.faults(List.of(FaultRule.always(new Fault.CorruptFrame(1))));
            byte[] corrupt = postBytes(emulator, "/model/" + HAIKU3 + "/converse-stream", converse("one two")).body();
            assertThatThrownBy(() -> DecodedFrame.decodeAll(corrupt)).hasMessageContaining("message CRC mismatch");

            emulator.faults(List.of(FaultRule.always(new Fault.TruncatedFrame(1))));
            assertThatThrownBy(() -> postBytes(emulator, "/model/" + HAIKU3 + "/converse-stream", converse("one two")))
                    .isInstanceOf(IOException.class);

            emulator.faults(List.of(FaultRule.always(new Fault.Stall(1, Duration.ofMillis(400)))));
            long start = System.nanoTime();
            List<DecodedFrame> stalled = DecodedFrame.decodeAll(postBytes(emulator, "/model/" + HAIKU3 + "/converse-stream",
                    converse("one two")).body());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(stalled).extracting(DecodedFrame::eventType).endsWith("metadata");

            emulator.faults(List.of(FaultRule.always(new Fault.SlowRead(Duration.ofMillis(300)))));
            start = System.nanoTime();
            HttpResponse<String> slow = post(emulator, "/model/" + HAIKU3 + "/converse", converse("slowly read"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(json(slow).at("/output/message/content/0/text").asText()).isEqualTo("slowly read");
            assertThat(emulator.recordedCalls()).last().extracting(RecordedCall::fault).isEqualTo("SlowRead");

            emulator.faults(List.of(new FaultRule(new Fault.Error(503, "ServiceUnavailableException", "busy"), 1, "*haiku*")));
            HttpResponse<String> unavailable = post(emulator, "/model/" + HAIKU3 + "/converse", converse("hi"));
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(emulator.recordedCalls()).last().extracting(RecordedCall::fault).isEqualTo("Error");
        }
    }

    @Test
    void quotasThrottleRequestsAndTokensPerMinutePerModelId() throws Exception {
        try (Emulator emulator = open().quota(new Quota(HAIKU3, 2, 0)).quota(new Quota("us.*", 0, 3000)).start()) {
            assertThat(post(emulator, "/model/" + HAIKU3 + "/converse", converse("a")).statusCode()).isEqualTo(200);
            assertThat(post(emulator, "/model/" + HAIKU3 + "/converse", converse("b")).statusCode()).isEqualTo(200);
            HttpResponse<String> third = post(emulator, "/model/" + HAIKU3 + "/converse", converse("c"));
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(json(third).path("message").asText()).isEqualTo("Too many requests, please wait before trying again.");

            // max_tokens is reserved up front, then the call settles to its use (output x5 for Claude 4)
            assertThat(post(emulator, "/model/us." + SONNET45 + "/converse", withMaxTokens(2990)).statusCode()).isEqualTo(200);
            assertThat(post(emulator, "/model/us." + SONNET45 + "/converse", withMaxTokens(2990)).statusCode()).isEqualTo(200);
            HttpResponse<String> tokens = post(emulator, "/model/us." + SONNET45 + "/converse", withMaxTokens(2995));
            assertThat(json(tokens).path("message").asText()).isEqualTo("Too many tokens, please wait before trying again.");
        }
    }

    @Test
    void paceHoldsTheFirstTokenAndTheRate() throws Exception {
        try (Emulator emulator = open().pace(new Pace(Duration.ofMillis(300), 20)).start()) {
            long start = System.nanoTime();
            // five one-token words at 20 tokens/s: 300 ms, then four gaps of 50 ms
            postBytes(emulator, "/model/" + HAIKU3 + "/converse-stream", converse("a b c d e"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void theAdminApiChangesFaultsAndReadsCallsAndTheRequestLogRecordsEachCall(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("requests.jsonl");
        try (Emulator emulator = Emulator.builder().credentials("AKIDADMIN", "admin-secret").requestLog(log).start()) {
            HttpResponse<String> put = send(emulator, "PUT", "/_basalt/faults",
                    "{\"faults\":[{\"kind\":\"throttle\",\"model\":\"" + HAIKU3 + "\"}]}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(json(put).at("/faults/0/kind").asText()).isEqualTo("throttle");

            HttpResponse<String> unsigned = post(emulator, "/model/" + HAIKU3 + "/converse", converse("hi"));
            assertThat(unsigned.statusCode()).isEqualTo(403);

            HttpResponse<String> bad = send(emulator, "PUT", "/_basalt/faults", "{\"faults\":[{\"kind\":\"meteor\"}]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json(bad).path("message").asText()).contains("faults[0].kind");

            JsonNode calls = json(get(emulator, "/_basalt/calls"));
            assertThat(calls.path("calls")).hasSize(1);
            assertThat(calls.at("/calls/0/error").asText()).isEqualTo("MissingAuthenticationTokenException");

            assertThat(send(emulator, "POST", "/_basalt/reset", "").statusCode()).isEqualTo(200);
            assertThat(json(get(emulator, "/_basalt/settings")).path("faults")).isEmpty();
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.path("operation").asText()).isEqualTo("Converse");
        assertThat(line.at("/request/messages/0/content/0/text").asText()).isEqualTo("hi");
        assertThat(line.at("/response/status").asInt()).isEqualTo(403);
    }

    @Test
    void theRequestLogNeverHoldsCredentials(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("requests.jsonl");
        try (Emulator emulator = Emulator.builder().apiKey("very-secret-api-key").requestLog(log).start()) {
            HttpResponse<String> ok = CLIENT.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/model/" + HAIKU3
                            + "/converse")).header("authorization", "Bearer very-secret-api-key")
                    .POST(HttpRequest.BodyPublishers.ofString(converse("hello"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
        }
        String written = Files.readString(log);
        assertThat(written).doesNotContain("very-secret-api-key").contains("[redacted]").contains("\"text\":\"hello\"");
    }

    private static Emulator.Builder open() {
        return Emulator.builder().noAuth(true);
    }

    private static String withMaxTokens(int maxTokens) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"inferenceConfig\":{\"maxTokens\":"
                + maxTokens + "}}";
    }

    private static String converse(String text) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + text + "\"}]}]}";
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(Emulator emulator, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(Emulator emulator, String path, String body) throws Exception {
        return send(emulator, "POST", path, body);
    }

    private static HttpResponse<String> send(Emulator emulator, String method, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> postBytes(Emulator emulator, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

package dev.basalt.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.TestSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What real Bedrock refuses, the emulator refuses too, over HTTP and with Bedrock's words: an app
 * that passes offline must not fail in production on a request Bedrock would never have taken.
 */
class RequestValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String HAIKU3 = "/model/anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SONNET45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String HELLO = "{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}";
    private static final String ANSWER = "{\"role\":\"assistant\",\"content\":[{\"text\":\"hello\"}]}";

    @Test
    void converseRolesMustAlternate() throws Exception {
        try (Emulator emulator = open()) {
            assertRefused(converse(emulator, messages(HELLO, HELLO)), "ValidationException", "A conversation must "
                    + "alternate between user and assistant roles. Make sure the conversation alternates between user "
                    + "and assistant roles and try again.");
            assertThat(converse(emulator, messages(HELLO, ANSWER, HELLO)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void converseRefusesBlankTextEmptyContentAndUnknownBlocks() throws Exception {
        try (Emulator emulator = open()) {
            assertRefused(converse(emulator, messages("{\"role\":\"user\",\"content\":[{\"text\":\"  \"}]}")),
                    "ValidationException", "The text field in the ContentBlock object at messages.0.content.0 is blank. "
                            + "Add text to the text field, and try again.");
            assertRefused(converse(emulator, messages(HELLO, "{\"role\":\"assistant\",\"content\":[]}")),
                    "ValidationException", "The content field in the Message object at messages.1 is empty. Add a "
                            + "ContentBlock object to the content field and try again.");
            HttpResponse<String> unknown = converse(emulator,
                    messages("{\"role\":\"user\",\"content\":[{\"txt\":\"hi\"}]}"));
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(message(unknown)).startsWith("The ContentBlock object at messages.0.content.0 must set exactly one");
        }
    }

    @Test
    void converseMembersOfTheWrongJsonTypeAreSerializationErrors() throws Exception {
        try (Emulator emulator = open()) {
            assertRefused(converse(emulator, "{\"messages\":[" + HELLO + "],\"inferenceConfig\":{\"maxTokens\":\"abc\"}}"),
                    "SerializationException", "STRING_VALUE can not be converted to an Integer");
            assertRefused(converse(emulator, messages("{\"role\":\"user\",\"content\":\"hi\"}")),
                    "SerializationException", "STRING_VALUE can not be converted to a List");
        }
    }

    @Test
    void converseInferenceConfigMustBeInRangeAndWithinTheModelsOutputLimit() throws Exception {
        try (Emulator emulator = open()) {
            assertRefused(converse(emulator, withConfig("\"inferenceConfig\":{\"temperature\":1.5}")), "ValidationException",
                    "1 validation error detected: Value '1.5' at 'inferenceConfig.temperature' failed to satisfy "
                            + "constraint: Member must have value less than or equal to 1");
            assertRefused(converse(emulator, withConfig("\"inferenceConfig\":{\"topP\":-0.5}")), "ValidationException",
                    "1 validation error detected: Value '-0.5' at 'inferenceConfig.topP' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 0");
            assertRefused(converse(emulator, withConfig("\"inferenceConfig\":{\"maxTokens\":4097}")), "ValidationException",
                    "The maximum tokens you requested exceeds the model limit of 4096. Try again with a maximum tokens "
                            + "value that is lower than 4096.");
            assertThat(converse(emulator, withConfig("\"inferenceConfig\":{\"maxTokens\":4096,\"temperature\":1}"))
                    .statusCode()).isEqualTo(200);
            assertRefused(converse(emulator, withConfig("\"performanceConfig\":{\"latency\":\"fast\"}")),
                    "ValidationException", "1 validation error detected: Value 'fast' at 'performanceConfig.latency' "
                            + "failed to satisfy constraint: Member must satisfy enum value set: [standard, optimized]");
            assertThat(converse(emulator, withConfig("\"performanceConfig\":{\"latency\":\"optimized\"}")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void converseThinkingForClaudeNeedsABudgetOfAtLeast1024BelowMaxTokensInTheModelsWords() throws Exception {
        String path = "/model/us." + SONNET45 + "/converse";
        try (Emulator emulator = open()) {
            assertRefused(post(emulator, path, thinking(512, 4096)), "ValidationException",
                    "The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater "
                            + "than or equal to 1024");
            assertRefused(post(emulator, path, thinking(2048, 2048)), "ValidationException",
                    "The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`. "
                            + "Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/"
                            + "extended-thinking#max-tokens-and-context-window-size");
            assertThat(post(emulator, path, thinking(2048, 4096)).statusCode()).isEqualTo(200);
        }
    }

    private static String thinking(int budget, int maxTokens) {
        return withConfig("\"inferenceConfig\":{\"maxTokens\":" + maxTokens + "},\"additionalModelRequestFields\":"
                + "{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":" + budget + "}}");
    }

    @Test
    void toolResultsMustAnswerEveryToolUseOfThePreviousTurnAndNothingElse() throws Exception {
        String used = "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"tooluse_a\",\"name\":\"w\","
                + "\"input\":{}}},{\"toolUse\":{\"toolUseId\":\"tooluse_b\",\"name\":\"w\",\"input\":{}}}]}";
        try (Emulator emulator = open()) {
            assertRefused(converse(emulator, messages(HELLO, used, HELLO)), "ValidationException",
                    "Expected toolResult blocks at messages.2.content for the following Ids: tooluse_a, tooluse_b");
            assertRefused(converse(emulator, messages(HELLO, used, results("tooluse_a", "tooluse_x"))),
                    "ValidationException", "Expected toolResult blocks at messages.2.content for the following Ids: tooluse_b");
            assertRefused(converse(emulator, messages(HELLO, ANSWER, results("tooluse_a"))), "ValidationException",
                    "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of "
                            + "previous turn.");
            assertThat(converse(emulator, messages(HELLO, used, results("tooluse_b", "tooluse_a"))).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void anInvalidRequestIsRefusedEvenWhenEveryCallIsThrottled() throws Exception {
        try (Emulator emulator = Emulator.builder().noAuth(true).fault(FaultRule.always(new Fault.Throttle())).start()) {
            assertRefused(converse(emulator, messages(HELLO, HELLO)), "ValidationException", "A conversation must "
                    + "alternate between user and assistant roles. Make sure the conversation alternates between user "
                    + "and assistant roles and try again.");
            assertThat(converse(emulator, messages(HELLO)).statusCode()).isEqualTo(429);
            assertThat(emulator.recordedCalls()).extracting(RecordedCall::errorType)
                    .containsExactly("ValidationException", "ThrottlingException");
        }
    }

    @Test
    void anthropicBodiesAreRefusedAsBedrockRefusesThem() throws Exception {
        String path = "/model/us." + SONNET45 + "/invoke";
        try (Emulator emulator = open()) {
            HttpResponse<String> model = post(emulator, path, anthropic("\"model\":\"claude\",\"stream\":true,", 64, HELLO));
            assertThat(message(model)).isEqualTo("Malformed input request: #: subject must not be valid against schema "
                    + "{\"required\":[\"messages\"]}#: extraneous key [model] is not permitted#: extraneous key [stream] is "
                    + "not permitted, please reformat your input and try again.");
            assertRefused(post(emulator, path, anthropic("", 64, HELLO + "," + HELLO)), "ValidationException",
                    "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles "
                            + "in a row");
            assertRefused(post(emulator, path, anthropic("", 64001, HELLO)), "ValidationException", "The maximum tokens "
                    + "you requested exceeds the model limit of 64000. Try again with a maximum tokens value that is "
                    + "lower than 64000.");
            assertThat(message(post(emulator, path, anthropic("", 64, HELLO).replace("bedrock-2023-05-31", "v2"))))
                    .contains("#/anthropic_version: v2 is not a valid enum value");
            assertRefused(post(emulator, path, anthropic("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":512},",
                    4096, HELLO)), "ValidationException",
                    "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
            assertThat(message(post(emulator, path, anthropic(
                    "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},", 2048, HELLO))))
                    .startsWith("`max_tokens` must be greater than `thinking.budget_tokens`.");
            assertThat(post(emulator, path, anthropic("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},"
                    + "\"metadata\":{\"user_id\":\"u\"},\"output_config\":{\"effort\":\"low\"},", 4096, HELLO)
                    .replace("bedrock-2023-05-31", "2026-10-21")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aProfileServesOnlyTheRegionsOfItsGeography() throws Exception {
        try (Emulator emulator = Emulator.builder().credentials("AKIDGEO", "geo-secret").start()) {
            HttpResponse<String> us = signed(emulator, "eu-west-1", "/model/us." + SONNET45 + "/converse", messages(HELLO));
            assertRefused(us, "ValidationException", "The provided model identifier is invalid.");
            assertThat(signed(emulator, "eu-west-1", "/model/eu." + SONNET45 + "/converse", messages(HELLO)).statusCode())
                    .isEqualTo(200);
            assertThat(signed(emulator, "eu-west-1", "/model/global." + SONNET45 + "/converse", messages(HELLO))
                    .statusCode()).isEqualTo(200);
            assertThat(signed(emulator, "us-west-2", "/model/us." + SONNET45 + "/converse", messages(HELLO)).statusCode())
                    .isEqualTo(200);
            assertThat(signed(emulator, "ap-northeast-1", "/model/jp." + SONNET45 + "/converse", messages(HELLO))
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theControlPlaneListsExactlyTheProfilesTheRuntimeServesInTheSignedRegion() throws Exception {
        try (Emulator emulator = Emulator.builder().credentials("AKIDGEO", "geo-secret").start()) {
            assertThat(profileIds(emulator, "ap-northeast-1")).contains("jp." + SONNET45, "global." + SONNET45,
                    "apac.anthropic.claude-opus-4-6-v1").doesNotContain("apac." + SONNET45)
                    .noneMatch(id -> id.startsWith("us.") || id.startsWith("au."));
            assertThat(profileIds(emulator, "ap-southeast-2")).contains("au." + SONNET45).noneMatch(id -> id.startsWith("jp."));
            for (String id : profileIds(emulator, "ap-northeast-1")) {
                assertThat(signed(emulator, "ap-northeast-1", "/model/" + id + "/converse", messages(HELLO)).statusCode())
                        .as(id).isEqualTo(200);
            }
        }
    }

    @Test
    void listInferenceProfilesPagesByMaxResultsAndNextToken() throws Exception {
        try (Emulator emulator = Emulator.builder().credentials("AKIDGEO", "geo-secret").start()) {
            List<String> all = profileIds(emulator, "us-east-1");
            List<String> paged = new ArrayList<>();
            String token = null;
            do {
                String query = "maxResults=5" + (token == null ? "" : "&nextToken=" + URLEncoder.encode(token,
                        StandardCharsets.UTF_8));
                JsonNode page = JSON.readTree(signed(emulator, "us-east-1", "GET", "/inference-profiles", query, "").body());
                assertThat(page.path("inferenceProfileSummaries").size()).isBetween(1, 5);
                page.path("inferenceProfileSummaries").forEach(p -> paged.add(p.path("inferenceProfileId").asText()));
                token = page.hasNonNull("nextToken") ? page.path("nextToken").asText() : null;
            } while (token != null);
            assertThat(all).hasSizeGreaterThan(5);
            assertThat(paged).isEqualTo(all);

            assertRefused(signed(emulator, "us-east-1", "GET", "/inference-profiles", "maxResults=0", ""),
                    "ValidationException", "1 validation error detected: Value '0' at 'maxResults' failed to satisfy "
                            + "constraint: Member must have value greater than or equal to 1");
            assertThat(signed(emulator, "us-east-1", "GET", "/foundation-models", "byCustomizationType=FINE_TUNING", "")
                    .body()).isEqualTo("{\"modelSummaries\":[]}");
        }
    }

    private static List<String> profileIds(Emulator emulator, String region) throws Exception {
        HttpResponse<String> response = signed(emulator, region, "GET", "/inference-profiles", "type=SYSTEM_DEFINED", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).path("inferenceProfileSummaries").forEach(p -> ids.add(p.path("inferenceProfileId").asText()));
        return ids;
    }

    @Test
    void badFaultSettingsAreRefusedNamingTheFieldAndAnErrorStatusBringsItsType() throws Exception {
        try (Emulator emulator = Emulator.builder().noAuth(true).start()) {
            HttpResponse<String> rate = send(emulator, "PUT", "/_basalt/faults",
                    "{\"faults\":[{\"kind\":\"throttle\",\"rate\":\"abc\"}]}");
            assertThat(rate.statusCode()).isEqualTo(400);
            assertThat(message(rate)).contains("faults[0].rate must be a number from 0 to 1");
            HttpResponse<String> status = send(emulator, "PUT", "/_basalt/faults",
                    "{\"faults\":[{\"kind\":\"error\",\"status\":\"503\"}]}");
            assertThat(message(status)).contains("faults[0].status must be a whole number");

            assertThat(send(emulator, "PUT", "/_basalt/faults", "{\"faults\":[{\"kind\":\"error\",\"status\":429}]}")
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> throttled = converse(emulator, messages(HELLO));
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("x-amzn-errortype").orElse("")).startsWith("ThrottlingException:");
            assertThat(message(throttled)).isEqualTo("Too many requests, please wait before trying again.");
        }
    }

    private static Emulator open() {
        return Emulator.builder().noAuth(true).start();
    }

    private static String messages(String... messages) {
        return "{\"messages\":[" + String.join(",", messages) + "]}";
    }

    private static String withConfig(String member) {
        return "{\"messages\":[" + HELLO + "]," + member + "}";
    }

    private static String results(String... ids) {
        StringBuilder content = new StringBuilder();
        for (String id : ids) {
            content.append(content.isEmpty() ? "" : ",").append("{\"toolResult\":{\"toolUseId\":\"").append(id)
                    .append("\",\"content\":[{\"text\":\"ok\"}]}}");
        }
        return "{\"role\":\"user\",\"content\":[" + content + "]}";
    }

    private static String anthropic(String members, int maxTokens, String messages) {
        return "{" + members + "\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[" + messages + "]}";
    }

    private static void assertRefused(HttpResponse<String> response, String type, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-errortype").orElse("")).startsWith(type + ":");
        assertThat(message(response)).isEqualTo(message);
    }

    private static String message(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        return body.path("message").asText();
    }

    private static HttpResponse<String> converse(Emulator emulator, String body) throws Exception {
        return post(emulator, HAIKU3 + "/converse", body);
    }

    private static HttpResponse<String> post(Emulator emulator, String path, String body) throws Exception {
        return send(emulator, "POST", path, body);
    }

    private static HttpResponse<String> send(Emulator emulator, String method, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Converse call signed for {@code region}, as an SDK configured for that region signs it. */
    private static HttpResponse<String> signed(Emulator emulator, String region, String rawPath, String body)
            throws Exception {
        return signed(emulator, region, "POST", rawPath, "", body);
    }

    private static HttpResponse<String> signed(Emulator emulator, String region, String method, String rawPath,
                                               String rawQuery, String body) throws Exception {
        String hash = TestSigner.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-amz-date", SignedRequests.now());
        headers.put("x-amz-content-sha256", hash);
        Map<String, String> signedHeaders = new LinkedHashMap<>(headers);
        signedHeaders.put("host", "127.0.0.1:" + emulator.port());
        String authorization = new TestSigner("AKIDGEO", "geo-secret", region, "bedrock").authorization(method, rawPath,
                rawQuery, signedHeaders, List.copyOf(signedHeaders.keySet()), hash, headers.get("x-amz-date"));
        String target = rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulator.port() + target))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("authorization", authorization);
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

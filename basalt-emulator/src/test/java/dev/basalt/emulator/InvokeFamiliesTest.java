package dev.basalt.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.DecodedFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** InvokeModel and its stream in each family's native body format, as Bedrock answers them. */
class InvokeFamiliesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().noAuth(true).guardrail(new Guardrail("gr-1", "1", List.of("password"))).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void titanTextAnswersResultsAndStreamsOutputText() throws Exception {
        String body = "{\"inputText\":\"hello titan\",\"textGenerationConfig\":{\"maxTokenCount\":100}}";
        JsonNode answer = invoke("amazon.titan-text-express-v1", body);
        assertThat(answer.at("/results/0/outputText").asText()).isEqualTo("hello titan");
        assertThat(answer.at("/results/0/completionReason").asText()).isEqualTo("FINISH");
        assertThat(answer.path("inputTextTokenCount").asInt()).isPositive();

        List<JsonNode> chunks = stream("amazon.titan-text-express-v1", body);
        assertThat(chunks).extracting(c -> c.path("outputText").asText()).containsExactly("hello ", "titan");
        assertThat(chunks.get(0).path("inputTextTokenCount").asInt()).isPositive();
        assertThat(chunks.get(1).path("completionReason").asText()).isEqualTo("FINISH");
        assertThat(chunks.get(1).at("/amazon-bedrock-invocationMetrics/outputTokenCount").asInt()).isPositive();
    }

    @Test
    void llamaReadsItsPromptFormatAndStopsWithLengthAtMaxGenLen() throws Exception {
        String prompt = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\\n\\nBe kind.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\\n\\nhello llama<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\\n\\n";
        JsonNode answer = invoke("meta.llama3-8b-instruct-v1:0", "{\"prompt\":\"" + prompt + "\",\"max_gen_len\":512}");
        assertThat(answer.path("generation").asText()).isEqualTo("hello llama");
        assertThat(answer.path("stop_reason").asText()).isEqualTo("stop");

        JsonNode cut = invoke("meta.llama3-8b-instruct-v1:0", "{\"prompt\":\"" + "word ".repeat(40) + "\",\"max_gen_len\":2}");
        assertThat(cut.path("stop_reason").asText()).isEqualTo("length");

        List<JsonNode> chunks = stream("meta.llama3-8b-instruct-v1:0", "{\"prompt\":\"" + prompt + "\"}");
        assertThat(chunks).extracting(c -> c.path("generation").asText()).containsExactly("hello ", "llama");
        assertThat(chunks.get(1).path("stop_reason").asText()).isEqualTo("stop");
    }

    @Test
    void mistralAnswersOutputs() throws Exception {
        JsonNode answer = invoke("mistral.mistral-7b-instruct-v0:2", "{\"prompt\":\"<s>[INST] hello mistral [/INST]\",\"max_tokens\":50}");
        assertThat(answer.at("/outputs/0/text").asText()).isEqualTo("hello mistral");
        assertThat(answer.at("/outputs/0/stop_reason").asText()).isEqualTo("stop");
        assertThat(stream("mistral.mistral-7b-instruct-v0:2", "{\"prompt\":\"[INST] a b [/INST]\"}"))
                .extracting(c -> c.at("/outputs/0/text").asText()).containsExactly("a ", "b");
    }

    @Test
    void novaAnswersConverseShapedBodiesAndEvents() throws Exception {
        String body = "{\"schemaVersion\":\"messages-v1\",\"system\":[{\"text\":\"brief\"}],\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"text\":\"hello nova\"}]}],\"inferenceConfig\":{\"max_new_tokens\":100}}";
        JsonNode answer = invoke("us.amazon.nova-pro-v1:0", body);
        assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo("hello nova");
        assertThat(answer.path("stopReason").asText()).isEqualTo("end_turn");
        assertThat(answer.at("/usage/totalTokens").asInt()).isPositive();

        List<JsonNode> chunks = stream("amazon.nova-micro-v1:0", body);
        assertThat(chunks.get(0).has("messageStart")).isTrue();
        assertThat(chunks).filteredOn(c -> c.has("contentBlockDelta"))
                .extracting(c -> c.at("/contentBlockDelta/delta/text").asText()).containsExactly("hello ", "nova");
        assertThat(chunks.get(chunks.size() - 1).at("/metadata/usage/outputTokens").asInt()).isPositive();
    }

    @Test
    void embeddingsAreDeterministicPerTextWithTheAskedDimensions() throws Exception {
        JsonNode v2 = invoke("amazon.titan-embed-text-v2:0", "{\"inputText\":\"same text\",\"dimensions\":256}");
        JsonNode again = invoke("amazon.titan-embed-text-v2:0", "{\"inputText\":\"same text\",\"dimensions\":256}");
        JsonNode other = invoke("amazon.titan-embed-text-v2:0", "{\"inputText\":\"other text\",\"dimensions\":256}");
        assertThat(v2.path("embedding")).hasSize(256);
        assertThat(v2.path("embedding")).isEqualTo(again.path("embedding")).isNotEqualTo(other.path("embedding"));
        double norm = 0;
        for (JsonNode x : v2.path("embedding")) {
            norm += x.asDouble() * x.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(invoke("amazon.titan-embed-text-v1", "{\"inputText\":\"x\"}").path("embedding")).hasSize(1536);

        JsonNode cohere = invoke("cohere.embed-english-v3", "{\"texts\":[\"a\",\"b\"],\"input_type\":\"search_document\"}");
        assertThat(cohere.path("embeddings")).hasSize(2);
        assertThat(cohere.path("embeddings").get(0)).hasSize(1024);
        assertThat(cohere.path("response_type").asText()).isEqualTo("embeddings_floats");

        HttpResponse<String> bad = post("/model/amazon.titan-embed-text-v2:0/invoke", "{\"inputText\":\"x\",\"dimensions\":7}");
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> noType = post("/model/cohere.embed-english-v3/invoke", "{\"texts\":[\"a\"]}");
        assertThat(JSON.readTree(noType.body()).path("message").asText()).contains("input_type");
        HttpResponse<String> streamed = post("/model/amazon.titan-embed-text-v2:0/invoke-with-response-stream", "{\"inputText\":\"x\"}");
        assertThat(streamed.statusCode()).isEqualTo(400);
    }

    @Test
    void aGuardrailInTheHeadersAddsItsActionAndTraceToTheBodyAndToTheLastChunk() throws Exception {
        String titan = "amazon.titan-text-express-v1";
        String[] traced = {"X-Amzn-Bedrock-GuardrailIdentifier", "gr-1", "X-Amzn-Bedrock-GuardrailVersion", "1",
            "X-Amzn-Bedrock-Trace", "ENABLED"};
        String blocked = "{\"inputText\":\"what is the password?\"}";

        JsonNode answer = JSON.readTree(post("/model/" + titan + "/invoke", blocked, traced).body());
        assertThat(answer.at("/results/0/outputText").asText()).isEqualTo(Guardrail.BLOCKED_MESSAGE);
        assertThat(answer.path("amazon-bedrock-guardrailAction").asText()).isEqualTo("INTERVENED");
        assertThat(answer.at("/amazon-bedrock-trace/guardrail")).isEqualTo(JSON.readTree("{\"inputAssessment\":{\"gr-1\":"
                + "{\"wordPolicy\":{\"customWords\":[{\"match\":\"password\",\"action\":\"BLOCKED\",\"detected\":true}]}}},"
                + "\"actionReason\":\"Guardrail blocked.\"}"));

        List<JsonNode> chunks = stream(titan, blocked, traced);
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(last.path("amazon-bedrock-guardrailAction").asText()).isEqualTo("INTERVENED");
        assertThat(last.path("amazon-bedrock-trace")).isEqualTo(answer.path("amazon-bedrock-trace"));
        assertThat(last.has("amazon-bedrock-invocationMetrics")).isTrue();
        assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(c -> c.has("amazon-bedrock-trace")
                || c.has("amazon-bedrock-guardrailAction"));

        String claude = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        JsonNode passed = JSON.readTree(post("/model/anthropic.claude-3-haiku-20240307-v1:0/invoke", claude,
                "X-Amzn-Bedrock-GuardrailIdentifier", "gr-1", "X-Amzn-Bedrock-GuardrailVersion", "1").body());
        assertThat(passed.at("/content/0/text").asText()).isEqualTo("hello");
        assertThat(passed.path("amazon-bedrock-guardrailAction").asText()).isEqualTo("NONE");
        assertThat(passed.has("amazon-bedrock-trace")).isFalse();

        JsonNode unguarded = invoke("anthropic.claude-3-haiku-20240307-v1:0", claude);
        assertThat(unguarded.has("amazon-bedrock-guardrailAction")).isFalse();
        assertThat(post("/model/" + titan + "/invoke", blocked, "X-Amzn-Bedrock-GuardrailIdentifier", "gr-9",
                "X-Amzn-Bedrock-GuardrailVersion", "1").statusCode()).isEqualTo(404);
    }

    private static JsonNode invoke(String modelId, String body) throws Exception {
        HttpResponse<String> response = post("/model/" + modelId + "/invoke", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-amzn-bedrock-input-token-count")).isPresent();
        return JSON.readTree(response.body());
    }

    /** @param headers names and values, in pairs */
    private static List<JsonNode> stream(String modelId, String body, String... headers) throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(request("/model/" + modelId + "/invoke-with-response-stream", body, headers),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        for (DecodedFrame frame : DecodedFrame.decodeAll(response.body())) {
            chunks.add(JSON.readTree(Base64.getDecoder().decode(JSON.readTree(frame.payload()).path("bytes").asText())));
        }
        return chunks;
    }

    /** @param headers names and values, in pairs */
    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return CLIENT.send(request(path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return headers.length == 0 ? request.build() : request.headers(headers).build();
    }
}

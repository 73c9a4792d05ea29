package dev.basalt.emulator.internal.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NovaFamilyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "amazon.nova-lite-v1:0";

    private final NovaFamily nova = new NovaFamily(JSON);

    @Test
    void readsSystemBlocksMessagesAndMaxNewTokens() throws Exception {
        String body = "{\"schemaVersion\":\"messages-v1\","
                + "\"system\":[{\"text\":\"Be brief. \"},{\"text\":\"Answer in English.\"}],"
                + "\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"text\":\"What is in \"},"
                + "{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"iVBORw0KGgo=\"}}},{\"text\":\"this picture?\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"text\":\"A cat.\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"text\":\"What colour?\"}]}],"
                + "\"inferenceConfig\":{\"max_new_tokens\":300,\"temperature\":0.7,\"top_p\":0.9,\"top_k\":20,"
                + "\"stopSequences\":[\"END\"]}}";

        ModelRequest request = nova.read(MODEL, JSON.readTree(body), body);

        assertThat(request).isEqualTo(new ModelRequest(MODEL, "Be brief. Answer in English.", List.of(
                new ModelRequest.Message("user", "What is in this picture?"),
                new ModelRequest.Message("assistant", "A cat."),
                new ModelRequest.Message("user", "What colour?")), OptionalInt.of(300), body));
    }

    @Test
    void acceptsTheConverseSpellingMaxTokensAndNoSystem() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"inferenceConfig\":{\"maxTokens\":64}}";

        ModelRequest request = nova.read(MODEL, JSON.readTree(body), body);

        assertThat(request.system()).isEmpty();
        assertThat(request.maxTokens()).hasValue(64);
    }

    @Test
    void bodyWithoutMessagesOrWithAnUnknownRoleIsAValidationError() throws Exception {
        ModelError missing = readError("{\"schemaVersion\":\"messages-v1\",\"inferenceConfig\":{\"max_new_tokens\":10}}");
        ModelError badRole = readError("{\"messages\":[{\"role\":\"system\",\"content\":[{\"text\":\"hi\"}]}]}");

        assertThat(missing.getMessage()).contains("[messages]");
        assertThat(badRole.getMessage()).contains("#/messages/0/role");
        for (ModelError error : List.of(missing, badRole)) {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.type()).isEqualTo("ValidationException");
            assertThat(error.getMessage()).startsWith("Malformed input request: ")
                    .endsWith(", please reformat your input and try again.");
        }
    }

    @Test
    void responseIsTheAssistantMessageWithStopReasonAndUsage() throws Exception {
        ModelReply reply = new ModelReply(List.of(new ReplyBlock.Text(List.of("Orange ", "tabby."))), "end_turn",
                new TokenUsage(12, 3, 4, 0));

        assertThat(nova.response(MODEL, request(), reply)).isEqualTo(JSON.readTree(
                "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Orange tabby.\"}]}},"
                        + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":12,\"outputTokens\":3,\"totalTokens\":19,"
                        + "\"cacheReadInputTokenCount\":4,\"cacheWriteInputTokenCount\":0}}"));
    }

    @Test
    void responseCarriesReasoningAndToolUseBlocksInOrder() throws Exception {
        ModelReply reply = new ModelReply(List.of(
                new ReplyBlock.Reasoning(List.of("Need ", "the weather."), "sig"),
                ReplyBlock.Text.of("Checking."),
                new ReplyBlock.ToolUse("tooluse_1", "get_weather", List.of("{\"city\":", "\"Oslo\"}"))),
                "tool_use", TokenUsage.of(20, 9));

        assertThat(nova.response(MODEL, request(), reply).at("/output/message/content")).isEqualTo(JSON.readTree(
                "[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"Need the weather.\"}}},{\"text\":\"Checking.\"},"
                        + "{\"toolUse\":{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}}]"));
        assertThat(nova.response(MODEL, request(), reply).path("stopReason").asText()).isEqualTo("tool_use");
    }

    @Test
    void streamSendsConverseShapedEventsEndingWithMetadata() throws Exception {
        ModelReply reply = ModelReply.text(List.of("Orange ", "tabby."), "max_tokens", 12, 3);

        List<StreamChunk> chunks = nova.stream(MODEL, request(), reply);

        assertThat(chunks).extracting(c -> (JsonNode) c.json()).containsExactly(
                JSON.readTree("{\"messageStart\":{\"role\":\"assistant\"}}"),
                JSON.readTree("{\"contentBlockDelta\":{\"delta\":{\"text\":\"Orange \"},\"contentBlockIndex\":0}}"),
                JSON.readTree("{\"contentBlockDelta\":{\"delta\":{\"text\":\"tabby.\"},\"contentBlockIndex\":0}}"),
                JSON.readTree("{\"contentBlockStop\":{\"contentBlockIndex\":0}}"),
                JSON.readTree("{\"messageStop\":{\"stopReason\":\"max_tokens\"}}"),
                JSON.readTree("{\"metadata\":{\"usage\":{\"inputTokens\":12,\"outputTokens\":3,\"totalTokens\":15,"
                        + "\"cacheReadInputTokenCount\":0,\"cacheWriteInputTokenCount\":0},\"metrics\":{},\"trace\":{}}}"));
        assertThat(chunks).extracting(StreamChunk::output).containsExactly("", "Orange ", "tabby.", "", "", "");
    }

    @Test
    void streamOpensToolUseBlocksAndSendsTheirInputInPieces() throws Exception {
        ModelReply reply = new ModelReply(List.of(ReplyBlock.Text.of("Checking."),
                new ReplyBlock.ToolUse("tooluse_1", "get_weather", List.of("{\"city\":", "\"Oslo\"}"))),
                "tool_use", TokenUsage.of(20, 9));

        List<JsonNode> events = nova.stream(MODEL, request(), reply).stream().map(c -> (JsonNode) c.json()).toList();

        assertThat(events.subList(1, events.size() - 2)).containsExactly(
                JSON.readTree("{\"contentBlockDelta\":{\"delta\":{\"text\":\"Checking.\"},\"contentBlockIndex\":0}}"),
                JSON.readTree("{\"contentBlockStop\":{\"contentBlockIndex\":0}}"),
                JSON.readTree("{\"contentBlockStart\":{\"contentBlockIndex\":1,\"start\":{\"toolUse\":"
                        + "{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\"}}}}"),
                JSON.readTree("{\"contentBlockDelta\":{\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}},"
                        + "\"contentBlockIndex\":1}}"),
                JSON.readTree("{\"contentBlockDelta\":{\"delta\":{\"toolUse\":{\"input\":\"\\\"Oslo\\\"}\"}},"
                        + "\"contentBlockIndex\":1}}"),
                JSON.readTree("{\"contentBlockStop\":{\"contentBlockIndex\":1}}"));
        assertThat(events.get(events.size() - 2)).isEqualTo(JSON.readTree("{\"messageStop\":{\"stopReason\":\"tool_use\"}}"));
    }

    @Test
    void echoRoundTripAnswersTheLastUserText() throws Exception {
        String body = "{\"schemaVersion\":\"messages-v1\",\"system\":[{\"text\":\"brief\"}],\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"text\":\"hello nova\"}]}],\"inferenceConfig\":{\"max_new_tokens\":100}}";
        ModelRequest request = nova.read(MODEL, JSON.readTree(body), body);

        JsonNode answer = nova.response(MODEL, request, new EchoModel().reply(request));

        assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo("hello nova");
        assertThat(answer.path("stopReason").asText()).isEqualTo("end_turn");
        assertThat(answer.at("/usage/inputTokens").asInt()).isEqualTo(EchoModel.estimateTokens("briefhello nova"));
    }

    private ModelError readError(String body) throws Exception {
        JsonNode tree = JSON.readTree(body);
        ModelError error = catchThrowableOfType(ModelError.class, () -> nova.read(MODEL, tree, body));
        assertThat(error).as("the ModelError for " + body).isNotNull();
        return error;
    }

    private static ModelRequest request() {
        return new ModelRequest(MODEL, "", List.of(new ModelRequest.Message("user", "q")), OptionalInt.empty(), "{}");
    }
}

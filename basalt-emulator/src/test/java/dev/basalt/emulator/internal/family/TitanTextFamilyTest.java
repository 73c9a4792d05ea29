package dev.basalt.emulator.internal.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TitanTextFamilyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "amazon.titan-text-express-v1";

    private final TitanTextFamily titan = new TitanTextFamily(JSON);

    @Test
    void readsInputTextAsOneUserMessageWithMaxTokenCount() throws Exception {
        String body = "{\"inputText\":\"User: Name three rivers.\\nBot:\",\"textGenerationConfig\":"
                + "{\"maxTokenCount\":256,\"temperature\":0.5,\"topP\":0.9,\"stopSequences\":[\"User:\"]}}";

        ModelRequest request = titan.read(MODEL, JSON.readTree(body), body);

        assertThat(request).isEqualTo(new ModelRequest(MODEL, "",
                List.of(new ModelRequest.Message("user", "User: Name three rivers.\nBot:")), OptionalInt.of(256), body));
    }

    @Test
    void withoutTextGenerationConfigTheModelChoosesTheLength() throws Exception {
        String body = "{\"inputText\":\"hello\"}";

        assertThat(titan.read(MODEL, JSON.readTree(body), body).maxTokens()).isEmpty();
    }

    @Test
    void bodyWithoutInputTextIsAValidationError() throws Exception {
        ModelError missing = readError("{\"textGenerationConfig\":{\"maxTokenCount\":10}}");
        ModelError notText = readError("{\"inputText\":42}");

        for (ModelError error : List.of(missing, notText)) {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.type()).isEqualTo("ValidationException");
            assertThat(error.getMessage()).startsWith("Malformed input request: ").contains("[inputText]")
                    .endsWith(", please reformat your input and try again.");
        }
    }

    @Test
    void responseCarriesOneResultWithTheTextAndCounts() throws Exception {
        ModelReply reply = ModelReply.text(List.of("Nile, ", "Amazon, ", "Danube."), "end_turn", 7, 5);

        assertThat(titan.response(MODEL, request(), reply)).isEqualTo(JSON.readTree(
                "{\"inputTextTokenCount\":7,\"results\":[{\"tokenCount\":5,\"outputText\":\"Nile, Amazon, Danube.\","
                        + "\"completionReason\":\"FINISH\"}]}"));
    }

    @ParameterizedTest
    @CsvSource({"end_turn, FINISH", "max_tokens, LENGTH", "stop_sequence, STOP_CRITERIA_MET",
        "guardrail_intervened, CONTENT_FILTERED", "content_filtered, CONTENT_FILTERED"})
    void stopReasonsBecomeTitanCompletionReasons(String stopReason, String completionReason) {
        ModelReply reply = ModelReply.text(List.of("x"), stopReason, 1, 1);

        assertThat(titan.response(MODEL, request(), reply).at("/results/0/completionReason").asText())
                .isEqualTo(completionReason);
        List<StreamChunk> chunks = titan.stream(MODEL, request(), reply);
        assertThat(chunks.get(chunks.size() - 1).json().path("completionReason").asText()).isEqualTo(completionReason);
    }

    @Test
    void streamSendsInputCountFirstAndTotalsWithTheLastPiece() throws Exception {
        ModelReply reply = ModelReply.text(List.of("Nile, ", "Amazon, ", "Danube."), "end_turn", 7, 5);

        List<StreamChunk> chunks = titan.stream(MODEL, request(), reply);

        assertThat(chunks).extracting(c -> (JsonNode) c.json()).containsExactly(
                JSON.readTree("{\"outputText\":\"Nile, \",\"index\":0,\"totalOutputTextTokenCount\":null,"
                        + "\"completionReason\":null,\"inputTextTokenCount\":7}"),
                JSON.readTree("{\"outputText\":\"Amazon, \",\"index\":0,\"totalOutputTextTokenCount\":null,"
                        + "\"completionReason\":null,\"inputTextTokenCount\":null}"),
                JSON.readTree("{\"outputText\":\"Danube.\",\"index\":0,\"totalOutputTextTokenCount\":5,"
                        + "\"completionReason\":\"FINISH\",\"inputTextTokenCount\":null}"));
        assertThat(chunks).extracting(StreamChunk::output).containsExactly("Nile, ", "Amazon, ", "Danube.");
    }

    @Test
    void aOnePieceStreamIsOneChunkWithEverything() throws Exception {
        ModelReply reply = ModelReply.text(List.of("Done."), "max_tokens", 3, 2);

        assertThat(titan.stream(MODEL, request(), reply)).extracting(c -> (JsonNode) c.json()).containsExactly(
                JSON.readTree("{\"outputText\":\"Done.\",\"index\":0,\"totalOutputTextTokenCount\":2,"
                        + "\"completionReason\":\"LENGTH\",\"inputTextTokenCount\":3}"));
    }

    @Test
    void aReplyWithoutTextStillEndsTheStream() {
        ModelReply reply = ModelReply.text(List.of(), "content_filtered", 4, 0);

        List<StreamChunk> chunks = titan.stream(MODEL, request(), reply);

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).output()).isEmpty();
        assertThat(chunks.get(0).json().path("outputText").asText()).isEmpty();
        assertThat(chunks.get(0).json().path("completionReason").asText()).isEqualTo("CONTENT_FILTERED");
        assertThat(chunks.get(0).json().path("inputTextTokenCount").asInt()).isEqualTo(4);
    }

    @Test
    void echoRoundTripAnswersTheInputTextAndStopsAtMaxTokenCount() throws Exception {
        String body = "{\"inputText\":\"Tell me about the Rhine please\",\"textGenerationConfig\":{\"maxTokenCount\":2}}";
        ModelRequest request = titan.read(MODEL, JSON.readTree(body), body);

        JsonNode answer = titan.response(MODEL, request, new EchoModel().reply(request));

        assertThat(answer.at("/results/0/outputText").asText()).isEqualTo("Tell me ");
        assertThat(answer.at("/results/0/completionReason").asText()).isEqualTo("LENGTH");
        assertThat(answer.at("/results/0/tokenCount").asInt()).isEqualTo(2);
        assertThat(answer.path("inputTextTokenCount").asInt())
                .isEqualTo(EchoModel.estimateTokens("Tell me about the Rhine please"));
    }

    private ModelError readError(String body) throws Exception {
        JsonNode tree = JSON.readTree(body);
        ModelError error = catchThrowableOfType(ModelError.class, () -> titan.read(MODEL, tree, body));
        assertThat(error).as("the ModelError for " + body).isNotNull();
        return error;
    }

    private static ModelRequest request() {
        return new ModelRequest(MODEL, "", List.of(new ModelRequest.Message("user", "q")), OptionalInt.empty(), "{}");
    }
}

package dev.basalt.emulator.internal.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelError;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TitanEmbeddingFamilyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = "amazon.titan-embed-text-v1";
    private static final String V2 = "amazon.titan-embed-text-v2:0";

    private final TitanEmbeddingFamily v1 = new TitanEmbeddingFamily(JSON, false);
    private final TitanEmbeddingFamily v2 = new TitanEmbeddingFamily(JSON, true);

    @Test
    void theAiSdkCaptureGetsAUnitVectorOf1024WithItsTypedCopy() throws Exception {
        JsonNode body = captureBody("ai-sdk-sigv4-embed-titan.01.json");
        assertThat(body).isEqualTo(JSON.readTree("{\"inputText\":\"hello\"}"));

        EmbeddingFamily.Embedded embedded = v2.embed(V2, body);

        JsonNode answer = embedded.body();
        assertThat(fieldNames(answer)).containsExactlyInAnyOrder("embedding", "embeddingsByType", "inputTextTokenCount");
        assertThat(answer.path("embedding")).hasSize(1024);
        assertThat(norm(answer.path("embedding"))).isCloseTo(1.0, within(1e-4));
        assertThat(fieldNames(answer.path("embeddingsByType"))).containsExactly("float");
        assertThat(answer.at("/embeddingsByType/float")).isEqualTo(answer.path("embedding"));
        assertThat(answer.path("inputTextTokenCount").asInt()).isEqualTo(EchoModel.estimateTokens("hello"));
        assertThat(embedded.inputTokens()).isEqualTo(EchoModel.estimateTokens("hello"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 512, 256})
    void v2AnswersTheDimensionsAsked(int dimensions) throws Exception {
        JsonNode answer = v2.embed(V2, JSON.readTree("{\"inputText\":\"a sentence\",\"dimensions\":" + dimensions + "}")).body();

        assertThat(answer.path("embedding")).hasSize(dimensions);
        assertThat(answer.at("/embeddingsByType/float")).hasSize(dimensions);
        assertThat(norm(answer.path("embedding"))).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void v2WithoutNormaliseKeepsRawValuesWithinMinusOneAndOne() throws Exception {
        JsonNode raw = v2.embed(V2, JSON.readTree("{\"inputText\":\"a sentence\",\"normalize\":false}")).body().path("embedding");

        assertThat(raw).hasSize(1024);
        assertThat(norm(raw)).isGreaterThan(2.0);
        for (JsonNode value : raw) {
            assertThat(value.asDouble()).isBetween(-1.0, 1.0);
        }
    }

    @Test
    void equalTextsGiveEqualVectorsAndDifferentTextsDifferentOnes() throws Exception {
        JsonNode first = v2.embed(V2, JSON.readTree("{\"inputText\":\"same text\"}")).body().path("embedding");
        JsonNode again = new TitanEmbeddingFamily(JSON, true).embed(V2, JSON.readTree("{\"inputText\":\"same text\"}"))
                .body().path("embedding");
        JsonNode other = v2.embed(V2, JSON.readTree("{\"inputText\":\"same text.\"}")).body().path("embedding");

        assertThat(first).isEqualTo(again).isNotEqualTo(other);
        assertThat(v1.embed(V1, JSON.readTree("{\"inputText\":\"same text\"}")).body().path("embedding"))
                .isEqualTo(v1.embed(V1, JSON.readTree("{\"inputText\":\"same text\"}")).body().path("embedding"));
    }

    @Test
    void v1AnswersItsFixed1536DimensionsAndNoTypedCopy() throws Exception {
        JsonNode answer = v1.embed(V1, JSON.readTree("{\"inputText\":\"The quick brown fox\"}")).body();

        assertThat(fieldNames(answer)).containsExactlyInAnyOrder("embedding", "inputTextTokenCount");
        assertThat(answer.path("embedding")).hasSize(1536);
        assertThat(answer.path("inputTextTokenCount").asInt()).isEqualTo(EchoModel.estimateTokens("The quick brown fox"));
    }

    @Test
    void v2RejectsDimensionsItDoesNotOffer() throws Exception {
        ModelError error = embedError(v2, V2, "{\"inputText\":\"x\",\"dimensions\":7}");

        assertThat(error.getMessage()).contains("dimensions");
    }

    @Test
    void v1RejectsTheV2Parameters() throws Exception {
        ModelError error = embedError(v1, V1, "{\"inputText\":\"x\",\"dimensions\":256}");

        assertThat(error.getMessage()).contains("extraneous key [dimensions]");
    }

    @Test
    void inputTextIsRequiredAndMayNotBeEmpty() throws Exception {
        ModelError missing = embedError(v2, V2, "{\"texts\":[\"x\"]}");
        ModelError empty = embedError(v2, V2, "{\"inputText\":\"\"}");
        ModelError missingV1 = embedError(v1, V1, "{}");

        assertThat(missing.getMessage()).contains("[inputText]");
        assertThat(missingV1.getMessage()).contains("[inputText]");
        assertThat(empty.getMessage()).contains("inputText");
    }

    private static ModelError embedError(TitanEmbeddingFamily family, String modelId, String body) throws Exception {
        JsonNode tree = JSON.readTree(body);
        ModelError error = catchThrowableOfType(ModelError.class, () -> family.embed(modelId, tree));
        assertThat(error).as("the ModelError for " + body).isNotNull();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("ValidationException");
        assertThat(error.getMessage()).startsWith("Malformed input request: ")
                .endsWith(", please reformat your input and try again.");
        return error;
    }

    /** The body a real client sent, from the capture kept in this module's test resources. */
    private static JsonNode captureBody(String capture) throws Exception {
        try (InputStream in = TitanEmbeddingFamilyTest.class.getResourceAsStream("/conformance/captures/" + capture)) {
            assertThat(in).as(capture).isNotNull();
            return JSON.readTree(in).path("bodyJson");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static double norm(JsonNode vector) {
        double sum = 0;
        for (JsonNode value : vector) {
            sum += value.asDouble() * value.asDouble();
        }
        return Math.sqrt(sum);
    }
}

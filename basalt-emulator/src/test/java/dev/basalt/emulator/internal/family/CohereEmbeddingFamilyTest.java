package dev.basalt.emulator.internal.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelError;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CohereEmbeddingFamilyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "cohere.embed-english-v3";

    private final CohereEmbeddingFamily cohere = new CohereEmbeddingFamily(JSON);

    @Test
    void answersOneUnitFloatVectorOf1024PerTextWithTheTextsEchoed() throws Exception {
        EmbeddingFamily.Embedded embedded = cohere.embed(MODEL, JSON.readTree(
                "{\"texts\":[\"first document\",\"second one\"],\"input_type\":\"search_document\",\"truncate\":\"END\"}"));

        JsonNode answer = embedded.body();
        assertThat(fieldNames(answer)).containsExactlyInAnyOrder("id", "embeddings", "texts", "response_type");
        assertThat(UUID.fromString(answer.path("id").asText())).isNotNull();
        assertThat(answer.path("response_type").asText()).isEqualTo("embeddings_floats");
        assertThat(answer.path("texts")).isEqualTo(JSON.readTree("[\"first document\",\"second one\"]"));
        assertThat(answer.path("embeddings")).hasSize(2);
        for (JsonNode vector : answer.path("embeddings")) {
            assertThat(vector).hasSize(1024);
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
        }
        assertThat(embedded.inputTokens())
                .isEqualTo(EchoModel.estimateTokens("first document") + EchoModel.estimateTokens("second one"));
    }

    @Test
    void equalTextsGiveEqualVectorsAndDifferentTextsDifferentOnes() throws Exception {
        JsonNode vectors = cohere.embed(MODEL, JSON.readTree(
                "{\"texts\":[\"alpha\",\"beta\",\"alpha\"],\"input_type\":\"clustering\"}")).body().path("embeddings");
        JsonNode later = cohere.embed("cohere.embed-multilingual-v3", JSON.readTree(
                "{\"texts\":[\"alpha\"],\"input_type\":\"search_query\"}")).body().path("embeddings");

        assertThat(vectors.get(0)).isEqualTo(vectors.get(2)).isEqualTo(later.get(0)).isNotEqualTo(vectors.get(1));
    }

    @Test
    void embeddingTypesAnswerOneListPerTypeByType() throws Exception {
        JsonNode answer = cohere.embed(MODEL, JSON.readTree(
                "{\"texts\":[\"alpha\",\"beta\"],\"input_type\":\"classification\",\"embedding_types\":[\"float\",\"int8\"]}")).body();
        JsonNode floats = cohere.embed(MODEL, JSON.readTree(
                "{\"texts\":[\"alpha\",\"beta\"],\"input_type\":\"classification\"}")).body().path("embeddings");

        assertThat(answer.path("response_type").asText()).isEqualTo("embeddings_by_type");
        assertThat(fieldNames(answer.path("embeddings"))).containsExactlyInAnyOrder("float", "int8");
        assertThat(answer.at("/embeddings/float")).isEqualTo(floats);
        ArrayNode int8 = (ArrayNode) answer.at("/embeddings/int8");
        assertThat(int8).hasSize(2);
        for (JsonNode vector : int8) {
            assertThat(vector).hasSize(1024);
            for (JsonNode value : vector) {
                assertThat(value.isIntegralNumber()).isTrue();
                assertThat(value.asInt()).isBetween(-128, 127);
            }
        }
    }

    @Test
    void inputTypeIsRequiredAndMustBeOneCohereKnows() throws Exception {
        assertThat(embedError("{\"texts\":[\"a\"]}").getMessage()).contains("[input_type]");
        assertThat(embedError("{\"texts\":[\"a\"],\"input_type\":\"search\"}").getMessage()).contains("input_type");
    }

    @Test
    void textsAreRequiredAndAtMost96() throws Exception {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 97; i++) {
            tooMany.add("text " + i);
        }

        assertThat(embedError("{\"input_type\":\"search_query\"}").getMessage()).contains("[texts]");
        assertThat(embedError(JSON.createObjectNode().put("input_type", "search_query")
                .set("texts", JSON.valueToTree(tooMany)).toString()).getMessage()).contains("texts").contains("96");
        assertThat(cohere.embed(MODEL, JSON.createObjectNode().put("input_type", "search_query")
                .set("texts", JSON.valueToTree(tooMany.subList(0, 96)))).body().path("embeddings")).hasSize(96);
    }

    private ModelError embedError(String body) throws Exception {
        JsonNode tree = JSON.readTree(body);
        ModelError error = catchThrowableOfType(ModelError.class, () -> cohere.embed(MODEL, tree));
        assertThat(error).as("the ModelError for " + body).isNotNull();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("ValidationException");
        assertThat(error.getMessage()).startsWith("Malformed input request: ")
                .endsWith(", please reformat your input and try again.");
        return error;
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

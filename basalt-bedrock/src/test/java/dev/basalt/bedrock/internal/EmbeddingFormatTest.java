package dev.basalt.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.EmbeddingInputType;
import dev.basalt.core.EmbeddingOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingFormatTest {

    @Test
    void modelsAreKnownByIdProfileIdOrFoundationModelArn() {
        assertThat(EmbeddingFormat.of("amazon.titan-embed-text-v2:0")).contains(EmbeddingFormat.TITAN_V2);
        assertThat(EmbeddingFormat.of("us.amazon.titan-embed-text-v2:0")).contains(EmbeddingFormat.TITAN_V2);
        assertThat(EmbeddingFormat.of("amazon.titan-embed-text-v1")).contains(EmbeddingFormat.TITAN_V1);
        assertThat(EmbeddingFormat.of("amazon.titan-embed-g1-text-02")).contains(EmbeddingFormat.TITAN_V1);
        assertThat(EmbeddingFormat.of("arn:aws:bedrock:us-east-1::foundation-model/cohere.embed-multilingual-v3"))
                .contains(EmbeddingFormat.COHERE_V3);
        assertThat(EmbeddingFormat.of("cohere.embed-english-v3")).contains(EmbeddingFormat.COHERE_V3);
        assertThat(EmbeddingFormat.of("amazon.titan-embed-image-v1")).isEmpty();
        assertThat(EmbeddingFormat.of("cohere.embed-v4:0")).contains(EmbeddingFormat.COHERE_V4);
        assertThat(EmbeddingFormat.of("us.cohere.embed-v4:0")).contains(EmbeddingFormat.COHERE_V4);
        assertThat(EmbeddingFormat.of("cohere.embed-v5:0")).isEmpty();
    }

    @Test
    void bodiesAreTheFamiliesOwn() {
        EmbeddingOptions options = EmbeddingOptions.DEFAULTS.withDimensions(256).withNormalize(false);

        assertThat(EmbeddingFormat.TITAN_V2.body(List.of("a \"b\""), options))
                .isEqualTo("{\"inputText\":\"a \\\"b\\\"\",\"dimensions\":256,\"normalize\":false}");
        assertThat(EmbeddingFormat.TITAN_V1.body(List.of("a"), EmbeddingOptions.DEFAULTS)).isEqualTo("{\"inputText\":\"a\"}");
        assertThat(EmbeddingFormat.COHERE_V3.body(List.of("a", "b"), EmbeddingOptions.DEFAULTS))
                .isEqualTo("{\"texts\":[\"a\",\"b\"],\"input_type\":\"search_document\"}");
        assertThat(EmbeddingFormat.COHERE_V3.body(List.of("a"), EmbeddingOptions.DEFAULTS.withInputType(EmbeddingInputType.CLUSTERING)))
                .contains("\"input_type\":\"clustering\"");
        assertThat(EmbeddingFormat.COHERE_V4.body(List.of("a"), EmbeddingOptions.DEFAULTS.withDimensions(512)))
                .isEqualTo("{\"texts\":[\"a\"],\"input_type\":\"search_document\",\"embedding_types\":[\"float\"],"
                        + "\"output_dimension\":512}");
    }

    @Test
    void answersGiveTheirVectorsAndTitansTokenCount() {
        EmbeddingFormat.Answer titan = EmbeddingFormat.TITAN_V2.answer(
                "{\"embedding\":[0.5,-0.25],\"inputTextTokenCount\":3}".getBytes(StandardCharsets.UTF_8), 1);
        EmbeddingFormat.Answer cohere = EmbeddingFormat.COHERE_V3.answer(
                "{\"id\":\"x\",\"embeddings\":[[1,2],[3,4]],\"texts\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8), 2);

        assertThat(titan.vectors()).singleElement().satisfies(v -> assertThat(v).containsExactly(0.5f, -0.25f));
        assertThat(titan.bodyTokens()).isEqualTo(3);
        assertThat(cohere.vectors()).hasSize(2);
        assertThat(cohere.vectors().get(1)).containsExactly(3f, 4f);
        assertThat(cohere.bodyTokens()).isZero();
        EmbeddingFormat.Answer byType = EmbeddingFormat.COHERE_V4.answer(
                "{\"id\":\"x\",\"embeddings\":{\"float\":[[5,6]]},\"response_type\":\"embeddings_by_type\"}"
                        .getBytes(StandardCharsets.UTF_8), 1);
        assertThat(byType.vectors()).singleElement().satisfies(v -> assertThat(v).containsExactly(5f, 6f));
    }
}

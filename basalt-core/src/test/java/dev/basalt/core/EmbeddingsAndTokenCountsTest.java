package dev.basalt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingsAndTokenCountsTest {

    @Test
    void anEmbeddingRequestNeedsAModelAndAtLeastOneText() {
        assertThatThrownBy(() -> EmbeddingRequest.of("m", List.of())).hasMessageContaining("at least one text");
        assertThatThrownBy(() -> EmbeddingRequest.of(" ", List.of("a"))).hasMessageContaining("modelId");
        assertThatThrownBy(() -> EmbeddingRequest.of("m", Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EmbeddingOptions.DEFAULTS.withDimensions(0)).hasMessageContaining("at least 1");
    }

    @Test
    void optionsChangeOneMemberAtATime() {
        EmbeddingOptions options = EmbeddingOptions.DEFAULTS.withDimensions(256).withNormalize(true)
                .withInputType(EmbeddingInputType.SEARCH_QUERY);

        assertThat(options).isEqualTo(new EmbeddingOptions(256, true, EmbeddingInputType.SEARCH_QUERY));
        assertThat(EmbeddingRequest.of("m", List.of("a")).withOptions(options).options()).isSameAs(options);
    }

    @Test
    void inputTypesReadAsUsersWriteThem() {
        assertThat(EmbeddingInputType.parse("search_query")).contains(EmbeddingInputType.SEARCH_QUERY);
        assertThat(EmbeddingInputType.parse("Search-Document")).contains(EmbeddingInputType.SEARCH_DOCUMENT);
        assertThat(EmbeddingInputType.parse("query")).isEmpty();
        assertThat(EmbeddingInputType.CLUSTERING.wireName()).isEqualTo("clustering");
    }

    @Test
    void embeddingsAreImmutableAndEqualByValue() {
        float[] values = {3f, 4f};
        Embedding embedding = new Embedding(values);
        values[0] = 0f;
        embedding.vector()[1] = 0f;

        assertThat(embedding.vector()).containsExactly(3f, 4f);
        assertThat(embedding).isEqualTo(new Embedding(new float[] {3f, 4f})).hasSameHashCodeAs(new Embedding(new float[] {3f, 4f}));
        assertThat(embedding.norm()).isEqualTo(5.0);
        assertThat(embedding.dimensions()).isEqualTo(2);
        assertThat(embedding).hasToString("Embedding[2 dimensions]");
        assertThat(new EmbeddingResponse("m", List.of(embedding), 3).dimensions()).isEqualTo(2);
    }

    @Test
    void theEstimateIsACharacterCountOverFourRoundedUp() {
        ChatRequest request = ChatRequest.builder("m")
                .system("12345")                                                           // 5
                .user("123")                                                               // 3
                .message(new Message(Role.ASSISTANT, List.of(new Content.Reasoning("12", "sig"),   // 2
                        new Content.ToolUse("t1", "look", "{}"))))                          // 4 + 2
                .message(new Message(Role.USER, List.of(Content.ToolResult.text("t1", "1234", false))))   // 4
                .tool(new ToolSpec("look", "1", "{}"))                                     // 4 + 1 + 2
                .build();

        assertThat(TokenCount.estimate(request)).isEqualTo(new TokenCount(7, true));   // 27 characters
        assertThat(TokenCount.estimate(ChatRequest.builder("m").user("").build()).tokens()).isEqualTo(1);
        assertThat(TokenCount.exact(12)).isEqualTo(new TokenCount(12, false));
    }
}

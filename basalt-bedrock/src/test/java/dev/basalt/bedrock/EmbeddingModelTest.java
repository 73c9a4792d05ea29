package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.core.Embedding;
import dev.basalt.core.EmbeddingInputType;
import dev.basalt.core.EmbeddingOptions;
import dev.basalt.core.EmbeddingRequest;
import dev.basalt.core.EmbeddingResponse;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.RecordedCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BedrockEmbeddingModel} through the real SDK against the emulator, whose embedding families
 * answer deterministic vectors (the same text, the same vector): dimensions and normalisation per
 * model, Cohere's batches of 96, Titan's concurrent calls, the checks made before sending, and errors.
 */
class EmbeddingModelTest {

    private static final String KEY_ID = "AKIDEMBEDTEST";
    private static final String SECRET = "embed-test-secret";
    private static final String TITAN_V2 = "amazon.titan-embed-text-v2:0";
    private static final String TITAN_V1 = "amazon.titan-embed-text-v1";
    private static final String COHERE = "cohere.embed-english-v3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Emulator emulator;
    private static BedrockEmbeddingModel model;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().credentials(KEY_ID, SECRET).start();
        model = builder().build();
    }

    @AfterEach
    void noFaults() {
        emulator.faults(List.of());
    }

    @AfterAll
    static void stop() {
        model.close();
        emulator.close();
    }

    private static BedrockEmbeddingModel.Builder builder() {
        return BedrockEmbeddingModel.builder().region("us-east-1").endpoint(emulator.endpoint()).credentials(KEY_ID, SECRET);
    }

    private static List<RecordedCall> callsSince(int before) {
        List<RecordedCall> calls = emulator.recordedCalls();
        return calls.subList(before, calls.size());
    }

    private static JsonNode body(RecordedCall call) {
        try {
            return JSON.readTree(call.requestBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddingResponse embed(String modelId, EmbeddingOptions options, String... texts) {
        return model.embed(new EmbeddingRequest(modelId, List.of(texts), options));
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 512, 1024})
    void titanV2MakesVectorsOfTheDimensionsAskedForOfUnitLength(int dimensions) {
        int before = emulator.recordedCalls().size();

        EmbeddingResponse response = embed(TITAN_V2, EmbeddingOptions.DEFAULTS.withDimensions(dimensions).withNormalize(true),
                "granite", "basalt");

        assertThat(response.embeddings()).hasSize(2).allSatisfy(e -> {
            assertThat(e.dimensions()).isEqualTo(dimensions);
            assertThat(e.norm()).isCloseTo(1.0, within(1e-4));
        });
        assertThat(response.modelId()).isEqualTo(TITAN_V2);
        assertThat(response.inputTokens()).isEqualTo(2 + 2);   // the emulator counts ceil(characters / 4) per text
        List<RecordedCall> calls = callsSince(before);
        assertThat(calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.operation()).isEqualTo("InvokeModel");
            assertThat(body(c).path("dimensions").asInt()).isEqualTo(dimensions);
            assertThat(body(c).path("normalize").asBoolean()).isTrue();
        });
        assertThat(calls).extracting(c -> body(c).path("inputText").asText()).containsExactlyInAnyOrder("granite", "basalt");
    }

    @Test
    void theSameTextGivesTheSameVectorAndAnotherTextAnotherOne() {
        EmbeddingResponse first = embed(TITAN_V2, EmbeddingOptions.DEFAULTS, "basalt", "granite", "basalt");
        EmbeddingResponse again = embed(TITAN_V2, EmbeddingOptions.DEFAULTS, "basalt");

        assertThat(first.dimensions()).isEqualTo(1024);
        assertThat(first.embeddings().get(0)).isEqualTo(first.embeddings().get(2)).isEqualTo(again.embeddings().get(0));
        assertThat(first.embeddings().get(1)).isNotEqualTo(first.embeddings().get(0));
    }

    @Test
    void titanV1SendsOnlyTheTextAndNormalisesHereWhenAsked() {
        int before = emulator.recordedCalls().size();

        EmbeddingResponse raw = embed(TITAN_V1, EmbeddingOptions.DEFAULTS, "obsidian");
        EmbeddingResponse unit = embed(TITAN_V1, EmbeddingOptions.DEFAULTS.withNormalize(true), "obsidian");

        assertThat(raw.dimensions()).isEqualTo(1536);
        assertThat(raw.embeddings().get(0).norm()).isGreaterThan(2.0);
        assertThat(unit.embeddings().get(0).norm()).isCloseTo(1.0, within(1e-4));
        float[] r = raw.embeddings().get(0).vector();
        float[] u = unit.embeddings().get(0).vector();
        assertThat(u[0] / r[0]).isCloseTo(u[1] / r[1], within(1e-3f));   // the same direction, scaled
        assertThat(callsSince(before)).extracting(c -> body(c).toString())
                .containsExactly("{\"inputText\":\"obsidian\"}", "{\"inputText\":\"obsidian\"}");
    }

    @Test
    void cohereSendsMoreThan96TextsIn96sAndKeepsTheirOrder() {
        List<String> texts = IntStream.range(0, 200).mapToObj(i -> "text number " + i).toList();
        int before = emulator.recordedCalls().size();

        EmbeddingResponse response = model.embed(EmbeddingRequest.of(COHERE, texts));

        List<RecordedCall> calls = callsSince(before);
        assertThat(calls).extracting(c -> body(c).path("texts").size()).containsExactlyInAnyOrder(96, 96, 8);
        assertThat(calls).allSatisfy(c -> assertThat(body(c).path("input_type").asText()).isEqualTo("search_document"));
        assertThat(response.embeddings()).hasSize(200).allSatisfy(e -> assertThat(e.dimensions()).isEqualTo(1024));
        Embedding alone = embed(COHERE, EmbeddingOptions.DEFAULTS, "text number 150").embeddings().get(0);
        assertThat(response.embeddings().get(150)).isEqualTo(alone);
        assertThat(response.inputTokens()).isEqualTo(texts.stream().mapToInt(t -> (t.length() + 3) / 4).sum());
    }

    @Test
    void cohereV4AsksForFloatVectorsOfTheDimensionsGivenAndReadsThemByType() {
        List<String> texts = IntStream.range(0, 100).mapToObj(i -> "page " + i).toList();
        int before = emulator.recordedCalls().size();

        EmbeddingResponse response = model.embed(new EmbeddingRequest("cohere.embed-v4:0", texts,
                EmbeddingOptions.DEFAULTS.withDimensions(1024).withInputType(EmbeddingInputType.SEARCH_QUERY)));

        List<RecordedCall> calls = callsSince(before);
        assertThat(calls).extracting(c -> body(c).path("texts").size()).containsExactlyInAnyOrder(96, 4);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.modelId()).isEqualTo("cohere.embed-v4:0");
            assertThat(body(c).path("embedding_types").toString()).isEqualTo("[\"float\"]");
            assertThat(body(c).path("output_dimension").asInt()).isEqualTo(1024);
            assertThat(body(c).path("input_type").asText()).isEqualTo("search_query");
        });
        assertThat(response.embeddings()).hasSize(100).allSatisfy(e -> assertThat(e.dimensions()).isEqualTo(1024));
        assertThat(response.embeddings().get(97)).isEqualTo(
                model.embed(new EmbeddingRequest("cohere.embed-v4:0", List.of("page 97"), EmbeddingOptions.DEFAULTS))
                        .embeddings().get(0));
        assertThatThrownBy(() -> embed("cohere.embed-v4:0", EmbeddingOptions.DEFAULTS.withDimensions(768), "x"))
                .hasMessage("Cohere Embed v4 makes vectors of 256, 512, 1024 or 1536 dimensions, not 768");
    }

    @Test
    void cohereTakesTheInputType() {
        int before = emulator.recordedCalls().size();

        embed(COHERE, EmbeddingOptions.DEFAULTS.withInputType(EmbeddingInputType.SEARCH_QUERY), "where is the lava?");

        assertThat(body(callsSince(before).get(0)).path("input_type").asText()).isEqualTo("search_query");
    }

    @Test
    void titanCallsRunConcurrentlyButNoMoreAtOnceThanAllowed() {
        // long enough that the first two calls arrive within it even on a slow, shared machine
        Duration delay = Duration.ofMillis(1500);
        emulator.faults(List.of(FaultRule.always(new Fault.SlowRead(delay))));
        int before = emulator.recordedCalls().size();
        try (BedrockEmbeddingModel twoAtATime = builder().concurrency(2).build()) {
            EmbeddingResponse response = twoAtATime.embed(EmbeddingRequest.of(TITAN_V2, List.of("a", "b", "c", "d")));

            assertThat(response.embeddings()).hasSize(4);
        }
        List<Instant> arrivals = callsSince(before).stream().map(RecordedCall::at).sorted().toList();
        assertThat(arrivals).hasSize(4);
        // the first two were sent together; the third only once one of them had been answered
        assertThat(Duration.between(arrivals.get(0), arrivals.get(1))).isLessThan(delay);
        assertThat(Duration.between(arrivals.get(0), arrivals.get(2))).isGreaterThanOrEqualTo(delay.minusMillis(20));
    }

    @Test
    void dimensionsTheModelDoesNotMakeAreRefusedBeforeSending() {
        int before = emulator.recordedCalls().size();

        assertThatThrownBy(() -> embed(TITAN_V2, EmbeddingOptions.DEFAULTS.withDimensions(300), "x"))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
                    assertThat(e.userMessage()).isEqualTo("Titan Text Embeddings v2 makes vectors of 256, 512 or 1024 "
                            + "dimensions, not 300 (use one of 256, 512 or 1024)");
                });
        assertThatThrownBy(() -> embed(COHERE, EmbeddingOptions.DEFAULTS.withDimensions(256), "x"))
                .hasMessage("Cohere Embed v3 makes vectors of 1024 dimensions, not 256");
        assertThat(callsSince(before)).isEmpty();
    }

    @Test
    void optionsAndTextsTheModelCannotTakeAreRefusedBeforeSending() {
        int before = emulator.recordedCalls().size();

        assertThatThrownBy(() -> embed(TITAN_V2, EmbeddingOptions.DEFAULTS.withInputType(EmbeddingInputType.CLUSTERING), "x"))
                .hasMessage("Titan Text Embeddings v2 takes no input type (only Cohere Embed does)");
        assertThatThrownBy(() -> embed(TITAN_V2, EmbeddingOptions.DEFAULTS, "fine", " "))
                .hasMessage("text 2 of 2 is empty");
        assertThatThrownBy(() -> embed(COHERE, EmbeddingOptions.DEFAULTS, "x".repeat(2049)))
                .hasMessage("the text has 2049 characters; Cohere Embed v3 takes at most 2048");
        List<String> tooMany = IntStream.range(0, BedrockEmbeddingModel.MAX_TEXTS + 1).mapToObj(i -> "t" + i).toList();
        assertThatThrownBy(() -> model.embed(EmbeddingRequest.of(COHERE, tooMany)))
                .hasMessage("2049 texts in one request; at most 2048 are embedded at once");
        assertThatThrownBy(() -> embed("us.anthropic.claude-sonnet-4-5-20250929-v1:0", EmbeddingOptions.DEFAULTS, "x"))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.userMessage())
                        .startsWith("us.anthropic.claude-sonnet-4-5-20250929-v1:0 is not an embedding model Basalt can call (use titan-embed"));
        assertThat(callsSince(before)).isEmpty();
    }

    @Test
    void aFailedCallFailsTheRequestAsOneLineWithTheFix() {
        emulator.faults(List.of(FaultRule.always(new Fault.Error(403, "AccessDeniedException",
                "You don't have access to the model with the specified model ID."))));

        assertThatThrownBy(() -> embed(TITAN_V2, EmbeddingOptions.DEFAULTS, "a", "b", "c"))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
                    assertThat(e.userMessage()).startsWith("access denied to " + TITAN_V2 + ": You don't have access")
                            .contains("Model access").doesNotContain("\n");
                });
    }

    @Test
    void wrongCredentialsAreNamed() {
        try (BedrockEmbeddingModel wrong = BedrockEmbeddingModel.builder().region("us-east-1").endpoint(emulator.endpoint())
                .credentials(KEY_ID, "not-the-secret").build()) {
            assertThatThrownBy(() -> wrong.embed(EmbeddingRequest.of(COHERE, List.of("x"))))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                        assertThat(e.hint()).contains("AWS_SECRET_ACCESS_KEY");
                    });
        }
    }
}

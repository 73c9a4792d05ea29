package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.ModelException;
import dev.basalt.core.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Inference settings checked against the model's catalog entry before anything is sent. */
class ParameterChecksTest extends EmulatedBedrock {

    static List<Arguments> refusals() {
        return List.of(
                Arguments.of("maxTokens above the output limit", SONNET, new InferenceConfig(64001, null, null, List.of()),
                        "maxTokens 64001 is above the 64000 output tokens Claude Sonnet 4.5 can write (set maxTokens to 64000 or less)"),
                Arguments.of("maxTokens above a smaller model's limit", HAIKU_3, new InferenceConfig(8192, null, null, List.of()),
                        "maxTokens 8192 is above the 4096 output tokens Claude 3 Haiku can write (set maxTokens to 4096 or less)"),
                Arguments.of("temperature above 1", SONNET, new InferenceConfig(null, 1.2, null, List.of()),
                        "temperature 1.2 is out of range: Claude Sonnet 4.5 takes 0 to 1 (use a temperature between 0 and 1)"),
                Arguments.of("five stop sequences for Claude", SONNET, new InferenceConfig(null, null, null, List.of("a", "b", "c", "d", "e")),
                        "5 stop sequences given; Claude on Bedrock takes at most 4 (keep the 4 that matter most)"),
                Arguments.of("more stop sequences than Converse takes", HAIKU_3,
                        new InferenceConfig(null, null, null, java.util.Collections.nCopies(2501, "x")),
                        "2501 stop sequences given; Bedrock takes at most 2500 (keep the ones that matter most)"),
                Arguments.of("temperature and topP for Sonnet 4.5", SONNET, new InferenceConfig(null, 0.5, 0.9, List.of()),
                        "Claude Sonnet 4.5 takes temperature or topP, not both (set only one of them)"),
                Arguments.of("temperature and topP for Haiku 4.5", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
                        new InferenceConfig(null, 0.5, 0.9, List.of()),
                        "Claude Haiku 4.5 takes temperature or topP, not both (set only one of them)"),
                Arguments.of("an embedding model asked to chat", "amazon.titan-embed-text-v2:0", new InferenceConfig(null, null, null, List.of()),
                        "Amazon Titan Text Embeddings V2 is an embedding model: it makes vectors, not answers"
                                + " (use BedrockEmbeddingModel (basalt embed))"),
                Arguments.of("an empty stop sequence", HAIKU_3, new InferenceConfig(null, null, null, List.of("END", "")),
                        "a stop sequence is empty (remove the empty stop sequence)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void settingsBeyondTheModelsLimitsAreRefusedInOneLineWithoutACall(String why, String modelId, InferenceConfig inference,
            String expected) {
        int before = callCount();
        ChatRequest request = ChatRequest.builder(modelId).user("hi").inference(inference).build();

        for (Runnable call : List.<Runnable>of(() -> model.chat(request), () -> model.stream(request, e -> { }))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(ModelException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
                assertThat(e.userMessage()).isEqualTo(expected);
            });
        }
        assertThat(callCount()).isEqualTo(before);
    }

    @Test
    void settingsAtTheLimitsAreSentAsGiven() {
        model.chat(ChatRequest.builder(SONNET).user("hi")
                .inference(new InferenceConfig(64000, 1.0, null, List.of("A", "B", "C", "D"))).build());

        JsonNode inference = lastBody().path("inferenceConfig");
        assertThat(inference.path("maxTokens").asInt()).isEqualTo(64000);
        assertThat(inference.path("temperature").asDouble()).isEqualTo(1.0);
        assertThat(inference.path("topP").isMissingNode()).isTrue();
        assertThat(inference.path("stopSequences")).isEqualTo(json("[\"A\",\"B\",\"C\",\"D\"]"));
    }

    @Test
    void temperatureAndTopPTogetherGoToModelsThatTakeBoth() {
        model.chat(ChatRequest.builder(HAIKU_3).user("hi").inference(new InferenceConfig(null, 0.5, 0.9, List.of())).build());

        assertThat(lastBody().path("inferenceConfig").path("topP").asDouble()).isEqualTo(0.9);
    }

    @Test
    void aModelThatCannotCallToolsIsRefusedWhenOfferedSome() {
        ChatRequest request = ChatRequest.builder("meta.llama3-8b-instruct-v1:0").user("hi")
                .tool(new ToolSpec("t", "", null)).build();

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e ->
                assertThat(e.getMessage()).isEqualTo("Llama 3 8B Instruct cannot call tools"));
    }

    @Test
    void theCatalogIsFoundThroughProfileIdsAndArnsToo() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        ChatRequest request = ChatRequest.builder(arn).user("hi").maxTokens(64001).build();

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e ->
                assertThat(e.getMessage()).contains("Claude Sonnet 4.5"));
    }
}

package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.ModelException;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Extended thinking: the budget as Claude takes it, reasoning streamed and sent back with its signature. */
class ReasoningTest extends EmulatedBedrock {

    private static final ModelReply THOUGHTFUL = new ModelReply(List.of(
            new ReplyBlock.Reasoning(List.of("thin", "king"), "sig-1"),
            new ReplyBlock.Text(List.of("Hel", "lo"))), "end_turn", TokenUsage.of(12, 30));

    @Test
    void theBudgetGoesToClaudeAsAnAdditionalFieldWithoutTemperature() {
        model.chat(ChatRequest.builder(SONNET).user("Think first").thinking(2048).maxTokens(8000).build());

        JsonNode body = lastBody();
        assertThat(body.path("additionalModelRequestFields"))
                .isEqualTo(json("{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}"));
        assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(8000);
        assertThat(body.at("/inferenceConfig").has("temperature")).isFalse();
    }

    @Test
    void withoutMaxTokensThinkingAsksForTheModelsOutputLimit() {
        model.stream(ChatRequest.builder(SONNET).user("Think").thinking(4096).build(), e -> { });

        assertThat(lastBody().at("/inferenceConfig/maxTokens").asInt()).isEqualTo(64000);
        assertThat(lastBody().at("/additionalModelRequestFields/thinking/budget_tokens").asInt()).isEqualTo(4096);
    }

    @Test
    void reasoningStreamsAsDeltasAndIsAssembledWithItsSignature() {
        answer(request -> THOUGHTFUL);
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        ChatResponse streamed = model.stream(ChatRequest.builder(SONNET).user("Hi").thinking(2048).maxTokens(4096).build(), events::add);

        assertThat(events).filteredOn(StreamEvent.ReasoningDelta.class::isInstance)
                .extracting(e -> ((StreamEvent.ReasoningDelta) e).text(), e -> ((StreamEvent.ReasoningDelta) e).signature())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("thin", null), org.assertj.core.groups.Tuple.tuple("king", null),
                        org.assertj.core.groups.Tuple.tuple(null, "sig-1"));
        assertThat(streamed.message().content()).containsExactly(new Content.Reasoning("thinking", "sig-1"), new Content.Text("Hello"));
        assertThat(streamed.text()).isEqualTo("Hello");
    }

    @Test
    void converseReturnsTheSameReasoningAndItGoesBackUnchangedInTheHistory() {
        answer(request -> THOUGHTFUL);
        ChatRequest first = ChatRequest.builder(SONNET).user("Hi").thinking(2048).maxTokens(4096).build();
        ChatResponse answered = model.chat(first);
        assertThat(answered.message().content()).containsExactly(new Content.Reasoning("thinking", "sig-1"), new Content.Text("Hello"));

        model.chat(ChatRequest.builder(SONNET).messages(first.messages()).message(answered.message()).user("Again")
                .thinking(2048).maxTokens(4096).build());

        JsonNode reasoning = lastBody().at("/messages/1/content/0/reasoningContent/reasoningText");
        assertThat(reasoning).isEqualTo(json("{\"text\":\"thinking\",\"signature\":\"sig-1\"}"));
        assertThat(lastBody().at("/messages/1/content/1/text").asText()).isEqualTo("Hello");
    }

    static List<Arguments> refusals() {
        UnaryOperator<ChatRequest.Builder> same = b -> b;
        return List.of(
                Arguments.of("below the minimum", SONNET, 1000, (UnaryOperator<ChatRequest.Builder>) b -> b.maxTokens(4000),
                        "thinking budget 1000 is below Claude's minimum of 1024 tokens (raise the budget to 1024 or more)"),
                Arguments.of("not below maxTokens", SONNET, 4096, (UnaryOperator<ChatRequest.Builder>) b -> b.maxTokens(4096),
                        "thinking budget 4096 must be below maxTokens (4096) (raise maxTokens above 4096 or lower the budget)"),
                Arguments.of("with temperature", SONNET, 2048,
                        (UnaryOperator<ChatRequest.Builder>) b -> b.inference(new InferenceConfig(8000, 0.5, null, List.of())),
                        "temperature cannot be set together with a thinking budget (leave temperature unset when thinking)"),
                Arguments.of("with a low topP", SONNET, 2048,
                        (UnaryOperator<ChatRequest.Builder>) b -> b.inference(new InferenceConfig(8000, null, 0.5, List.of())),
                        "topP 0.5 is too low for thinking: Claude takes 0.95 to 1 while thinking (leave topP unset, or use 0.95 or more)"),
                Arguments.of("with a forced tool", SONNET, 2048, (UnaryOperator<ChatRequest.Builder>) b -> b.maxTokens(8000)
                        .tool(new ToolSpec("t", "", null)).toolChoice(ToolChoice.ANY),
                        "a forced tool choice cannot be combined with a thinking budget (use ToolChoice.AUTO when thinking)"),
                Arguments.of("with JSON output", SONNET, 2048, (UnaryOperator<ChatRequest.Builder>) b -> b.maxTokens(8000)
                        .jsonOutput("{\"type\":\"object\"}"),
                        "JSON output cannot be combined with a thinking budget: Claude cannot think when a tool is forced"
                                + " (drop the thinking budget or the output schema)"),
                Arguments.of("on a model without it", HAIKU_3, 2048, same,
                        "Claude 3 Haiku has no extended thinking (drop the thinking budget, or use a model with reasoning, e.g. sonnet)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aBudgetTheModelCannotTakeIsRefusedBeforeSending(String why, String modelId, int budget,
            UnaryOperator<ChatRequest.Builder> more, String expected) {
        int before = callCount();
        ChatRequest request = more.apply(ChatRequest.builder(modelId).user("x").thinking(budget)).build();

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
            assertThat(e.userMessage()).isEqualTo(expected);
        });
        assertThat(callCount()).isEqualTo(before);
    }

    @Test
    void aModelThatStopsWhileThinkingStillReturnsItsReasoning() {
        answer(request -> new ModelReply(List.of(new ReplyBlock.Reasoning(List.of("long"), "sig-2")), "max_tokens",
                TokenUsage.of(5, 4096)));

        ChatResponse response = model.chat(ChatRequest.builder(SONNET).user("x").thinking(2048).maxTokens(4096).build());

        assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(response.message().content()).containsExactly(new Content.Reasoning("long", "sig-2"));
    }

    private static final byte[] OPAQUE = {0, 1, (byte) 0xFE, (byte) 0xFF, 42, 13, 10};

    private static final ModelReply REDACTED = new ModelReply(List.of(
            new ReplyBlock.Reasoning(List.of("visible ", "part"), "sig-r"),
            new ReplyBlock.RedactedReasoning(OPAQUE),
            new ReplyBlock.Text(List.of("Done."))), "end_turn", TokenUsage.of(12, 30));

    @Test
    void redactedReasoningArrivesThroughConverseAndGoesBackByteForByte() {
        answer(request -> REDACTED);
        ChatRequest first = ChatRequest.builder(SONNET).user("Hi").thinking(2048).maxTokens(4096).build();

        ChatResponse answered = model.chat(first);

        assertThat(answered.message().content()).containsExactly(new Content.Reasoning("visible part", "sig-r"),
                new Content.RedactedReasoning(OPAQUE), new Content.Text("Done."));
        assertThat(answered.text()).isEqualTo("Done.");

        model.chat(ChatRequest.builder(SONNET).messages(first.messages()).message(answered.message()).user("Again")
                .thinking(2048).maxTokens(4096).build());

        JsonNode sentBack = lastBody().at("/messages/1/content");
        assertThat(sentBack.get(0)).isEqualTo(json("{\"reasoningContent\":{\"reasoningText\":{\"text\":\"visible part\","
                + "\"signature\":\"sig-r\"}}}"));
        assertThat(sentBack.get(1)).isEqualTo(json("{\"reasoningContent\":{\"redactedContent\":\""
                + java.util.Base64.getEncoder().encodeToString(OPAQUE) + "\"}}"));
    }

    @Test
    void redactedReasoningStreamsAsItsOwnDeltaAndIsAssembled() {
        answer(request -> REDACTED);
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        ChatResponse streamed = model.stream(ChatRequest.builder(SONNET).user("Hi").thinking(2048).maxTokens(4096).build(), events::add);

        assertThat(events).filteredOn(StreamEvent.RedactedReasoningDelta.class::isInstance)
                .containsExactly(new StreamEvent.RedactedReasoningDelta(1, OPAQUE));
        assertThat(streamed.message().content()).containsExactly(new Content.Reasoning("visible part", "sig-r"),
                new Content.RedactedReasoning(OPAQUE), new Content.Text("Done."));

        model.stream(ChatRequest.builder(SONNET).user("Hi").message(streamed.message()).user("Again")
                .thinking(2048).maxTokens(4096).build(), e -> { });
        assertThat(lastBody().at("/messages/1/content/1/reasoningContent/redactedContent").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(OPAQUE));
    }
}

package dev.basalt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void stopReasonsMapFromBedrockAndUnknownValuesDoNotFail() {
        assertThat(StopReason.fromWire("end_turn")).isEqualTo(StopReason.END_TURN);
        assertThat(StopReason.fromWire("model_context_window_exceeded")).isEqualTo(StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED);
        assertThat(StopReason.fromWire("something_new")).isEqualTo(StopReason.UNKNOWN);
        assertThat(StopReason.fromWire(null)).isEqualTo(StopReason.UNKNOWN);
        assertThat(StopReason.TOOL_USE.wireName()).isEqualTo("tool_use");
    }

    @Test
    void messagesCopyTheirContent() {
        List<Content> content = new ArrayList<>(List.of(new Content.Text("a")));
        Message message = new Message(Role.USER, content);
        content.add(new Content.Text("b"));

        assertThat(message.content()).hasSize(1);
        assertThatThrownBy(() -> message.content().add(new Content.Text("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toolResultsCannotNestToolCalls() {
        assertThatThrownBy(() -> new Content.ToolResult("t1", List.of(new Content.ToolUse("t2", "x", "{}")), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Content.ToolResult.text("t1", "ok", true).isError()).isTrue();
    }

    @Test
    void toolNamesAreCheckedAsBedrockChecksThem() {
        assertThatThrownBy(() -> new ToolSpec("read file", "", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ToolSpec("read_file", null, null).inputSchemaJson()).contains("\"object\"");
    }

    @Test
    void requestsNeedAModelAndAMessage() {
        assertThatThrownBy(() -> ChatRequest.builder(" ").user("hi").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatRequest.builder("m").build()).isInstanceOf(IllegalArgumentException.class);
        ChatRequest request = ChatRequest.builder("m").system("be brief").user("hi").maxTokens(10).build();
        assertThat(request.inference().maxTokens()).isEqualTo(10);
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.AUTO);
    }

    @Test
    void inferenceSettingsAreRangeChecked() {
        assertThatThrownBy(() -> new InferenceConfig(0, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InferenceConfig(null, -0.1, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InferenceConfig(null, Double.NaN, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InferenceConfig(null, null, -0.1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InferenceConfig(null, null, 1.1, null)).isInstanceOf(IllegalArgumentException.class);
        // the upper bound of temperature is the model's, so providers check it
        assertThat(new InferenceConfig(null, 1.5, null, null).temperature()).isEqualTo(1.5);
    }

    @Test
    void requestOptionsDefaultToOffAndTheBuilderSetsThem() {
        ChatRequest plain = ChatRequest.builder("m").user("hi").build();
        assertThat(plain.thinkingBudget()).isNull();
        assertThat(plain.promptCaching()).isFalse();
        assertThat(plain.guardrail()).isNull();
        assertThat(plain.outputSchema()).isNull();

        ChatRequest all = ChatRequest.builder("m").user("hi").thinking(2048).promptCaching(true)
                .guardrail(Guardrail.of("gr-1", "2").withTrace(true).withStreamMode(Guardrail.StreamMode.ASYNC))
                .jsonOutput("{\"type\":\"object\"}").build();
        assertThat(all.thinkingBudget()).isEqualTo(2048);
        assertThat(all.promptCaching()).isTrue();
        assertThat(all.guardrail()).isEqualTo(new Guardrail("gr-1", "2", true, Guardrail.StreamMode.ASYNC));
        assertThat(all.guardrail().scope()).isEqualTo(Guardrail.Scope.WHOLE_CONVERSATION);
        assertThat(all.guardrail().withScope(Guardrail.Scope.LATEST_USER_INPUT).withTrace(false)).isEqualTo(new Guardrail(
                "gr-1", "2", false, Guardrail.StreamMode.ASYNC, Guardrail.Scope.LATEST_USER_INPUT));
        assertThat(all.outputSchema().name()).isEqualTo("answer");
        assertThat(all.outputSchema().asTool().inputSchemaJson()).isEqualTo("{\"type\":\"object\"}");

        assertThatThrownBy(() -> ChatRequest.builder("m").user("hi").thinking(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Guardrail.of("gr-1", " ")).hasMessageContaining("DRAFT");
        assertThatThrownBy(() -> new OutputSchema("has space", null, "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutputSchema.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResponseIsPricedFromItsUsageWithCachePricedApart() {
        ChatResponse response = new ChatResponse(Message.assistant("hi"), StopReason.END_TURN,
                new Usage(1_000_000, 100_000, 2_000_000, 400_000), "m", 5);
        assertThat(response.costUsd()).isEmpty();

        ChatResponse priced = response.priced(new Pricing(3.0, 15.0, 0.3, 3.75));

        assertThat(priced.costUsd().getAsDouble()).isCloseTo(3.0 + 1.5 + 0.6 + 1.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(priced.message()).isEqualTo(response.message());
    }

    @Test
    void bedrocksNewerStopReasonsAreKnown() {
        assertThat(StopReason.fromWire("guardrail_intervened")).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
        assertThat(StopReason.fromWire("malformed_tool_use")).isEqualTo(StopReason.MALFORMED_TOOL_USE);
        assertThat(StopReason.fromWire("malformed_model_output")).isEqualTo(StopReason.MALFORMED_MODEL_OUTPUT);
    }

    @Test
    void modelExceptionsAreOneLineWithTheirHint() {
        ModelException e = new ModelException(ErrorKind.AUTHENTICATION, "bad\nsignature\n", "check the key");

        assertThat(e.getMessage()).isEqualTo("bad signature");
        assertThat(e.userMessage()).isEqualTo("bad signature (check the key)");
        assertThat(e.retryable()).isFalse();
        assertThat(new ModelException(ErrorKind.THROTTLED, "slow", null).retryable()).isTrue();
    }

    @Test
    void usageAddsUp() {
        Usage sum = new Usage(1, 2, 3, 4).plus(new Usage(1, 1, 1, 1));
        assertThat(sum).isEqualTo(new Usage(2, 3, 4, 5));
        assertThat(sum.totalTokens()).isEqualTo(14);
    }
}

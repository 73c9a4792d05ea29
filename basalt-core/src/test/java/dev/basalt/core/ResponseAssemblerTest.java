package dev.basalt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseAssemblerTest {

    @Test
    void assemblesTextReasoningAndToolUseInBlockOrder() {
        ResponseAssembler assembler = new ResponseAssembler("m");
        List.of(
                new StreamEvent.MessageStart(Role.ASSISTANT),
                new StreamEvent.ReasoningDelta(0, "think", null),
                new StreamEvent.ReasoningDelta(0, null, "sig"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.TextDelta(1, "Hel"),
                new StreamEvent.TextDelta(1, "lo"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.ToolUseStart(2, "tu1", "read_file"),
                new StreamEvent.ToolInputDelta(2, "{\"path\":"),
                new StreamEvent.ToolInputDelta(2, "\"a.txt\"}"),
                new StreamEvent.BlockStop(2),
                new StreamEvent.MessageStop(StopReason.TOOL_USE),
                new StreamEvent.Metadata(new Usage(10, 5, 2, 1), 42)).forEach(assembler::onEvent);

        ChatResponse response = assembler.response();

        assertThat(response.message().content()).containsExactly(
                new Content.Reasoning("think", "sig"),
                new Content.Text("Hello"),
                new Content.ToolUse("tu1", "read_file", "{\"path\":\"a.txt\"}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage().totalTokens()).isEqualTo(18);
        assertThat(response.latencyMs()).isEqualTo(42);
        assertThat(response.text()).isEqualTo("Hello");
    }

    @Test
    void redactedReasoningIsAssembledFromItsPiecesAndTheGuardrailTraceIsKept() {
        ResponseAssembler assembler = new ResponseAssembler("m");
        List.of(
                new StreamEvent.MessageStart(Role.ASSISTANT),
                new StreamEvent.RedactedReasoningDelta(0, new byte[] {1, 2}),
                new StreamEvent.RedactedReasoningDelta(0, new byte[] {3}),
                new StreamEvent.BlockStop(0),
                new StreamEvent.TextDelta(1, "Hi"),
                new StreamEvent.MessageStop(StopReason.GUARDRAIL_INTERVENED),
                new StreamEvent.Metadata(Usage.ZERO, 1, "{\"inputAssessment\":{}}")).forEach(assembler::onEvent);

        ChatResponse response = assembler.response();

        assertThat(response.message().content()).containsExactly(
                new Content.RedactedReasoning(new byte[] {1, 2, 3}), new Content.Text("Hi"));
        assertThat(assembler.textSoFar()).isEqualTo("Hi");
        assertThat(response.guardrailTrace()).isEqualTo("{\"inputAssessment\":{}}");
        assertThat(response.priced(new Pricing(1, 1, 1, 1)).guardrailTrace()).isEqualTo(response.guardrailTrace());
    }

    @Test
    void redactedReasoningIsCopiedInAndOutAndEqualByContent() {
        byte[] bytes = {9, 8, 7};
        Content.RedactedReasoning redacted = new Content.RedactedReasoning(bytes);
        bytes[0] = 0;
        redacted.data()[1] = 0;

        assertThat(redacted).isEqualTo(new Content.RedactedReasoning(new byte[] {9, 8, 7}));
        assertThat(redacted.byteCount()).isEqualTo(3);
        assertThat(redacted).hasToString("RedactedReasoning[3 bytes]");
        assertThatThrownBy(() -> new Content.RedactedReasoning(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnfinishedStreamHasNoResponseButKeepsItsText() {
        ResponseAssembler assembler = new ResponseAssembler("m");
        assembler.onEvent(new StreamEvent.TextDelta(0, "partial"));

        assertThat(assembler.hasOutput()).isTrue();
        assertThat(assembler.complete()).isFalse();
        assertThat(assembler.textSoFar()).isEqualTo("partial");
        assertThatThrownBy(assembler::response).isInstanceOf(IllegalStateException.class);
    }
}

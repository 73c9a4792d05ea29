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
        assertThatThrownBy(() -> new InferenceConfig(null, 1.5, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InferenceConfig(null, null, -0.1, null)).isInstanceOf(IllegalArgumentException.class);
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

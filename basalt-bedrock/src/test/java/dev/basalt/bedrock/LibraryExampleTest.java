package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.emulator.Emulator;
import org.junit.jupiter.api.Test;

/** The README's "The Java library" example, as written there, against the emulator instead of Bedrock. */
class LibraryExampleTest {

    @Test
    void theReadmeExampleStreamsAnAnswerWithItsCost() {
        StringBuilder printed = new StringBuilder();
        try (Emulator emulator = Emulator.builder().credentials("AKIDEXAMPLE", "example-secret").start();
                // README: BedrockChatModel.builder().region("us-west-2").build(), with the default credentials chain
                BedrockChatModel model = BedrockChatModel.builder().region("us-west-2")
                        .endpoint(emulator.endpoint()).credentials("AKIDEXAMPLE", "example-secret").build()) {
            ChatResponse answer = model.stream(
                    ChatRequest.builder("sonnet").system("Answer in one sentence.").user("What is SigV4?").build(),
                    event -> {
                        if (event instanceof StreamEvent.TextDelta delta) {
                            printed.append(delta.text());
                        }
                    });

            assertThat(printed.toString()).isEqualTo("What is SigV4?");
            assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(answer.modelId()).isEqualTo("us.anthropic.claude-sonnet-4-6");
            assertThat(answer.usage().inputTokens()).isPositive();
            assertThat(answer.costUsd()).isPresent();
        }
    }
}

package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.Content;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import dev.basalt.core.TokenCount;
import dev.basalt.core.ToolSpec;
import dev.basalt.emulator.RecordedCall;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BedrockTokenCounter} through the real SDK against the emulator: CountTokens over the
 * Converse input, the same number Converse reports as input tokens, a profile id counted under its
 * model, and the estimate for a model that cannot count.
 */
class TokenCounterTest extends EmulatedBedrock {

    private static BedrockTokenCounter counter;

    @BeforeAll
    static void startCounter() {
        counter = BedrockTokenCounter.builder().region("us-east-1").endpoint(emulator.endpoint()).credentials(KEY_ID, SECRET).build();
    }

    @AfterAll
    static void stopCounter() {
        counter.close();
    }

    private static ChatRequest conversation(String modelId) {
        return ChatRequest.builder(modelId)
                .system("You answer in one word.")
                .user("What rock forms from lava?")
                .message(Message.assistant("Basalt."))
                .user("And from magma that cooled slowly underground?")
                .tool(new ToolSpec("lookup", "Looks a rock up", null))
                .build();
    }

    @Test
    void theCountIsWhatConverseReportsAsInputTokens() {
        ChatRequest request = conversation(SONNET);

        TokenCount count = counter.count(request);
        int billed = model.chat(request).usage().inputTokens();

        assertThat(count.estimated()).isFalse();
        assertThat(count.tokens()).isEqualTo(billed).isPositive();
    }

    @Test
    void aProfileIdIsCountedUnderItsFoundationModel() {
        int before = callCount();

        counter.count(conversation("us.anthropic.claude-3-5-haiku-20241022-v1:0"));

        RecordedCall call = emulator.recordedCalls().get(before);
        assertThat(callCount() - before).isEqualTo(1);
        assertThat(call.operation()).isEqualTo("CountTokens");
        assertThat(call.modelId()).isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
        assertThat(json(call.requestBody()).at("/input/converse/system/0/text").asText()).isEqualTo("You answer in one word.");
        assertThat(json(call.requestBody()).at("/input/converse/messages").size()).isEqualTo(3);
        assertThat(json(call.requestBody()).at("/input/converse/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("lookup");
    }

    @Test
    void aProfileOnlyModelIsCountedUnderItsPlainIdInOneCall() {
        int before = callCount();

        // CountTokens runs no model: Sonnet 4.5 is counted under its foundation-model id, as AWS documents
        TokenCount count = counter.count(conversation(SONNET));

        List<RecordedCall> calls = emulator.recordedCalls().subList(before, callCount());
        assertThat(calls).extracting(RecordedCall::modelId).containsExactly("anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(calls).extracting(RecordedCall::status).containsExactly(200);
        assertThat(count.estimated()).isFalse();
    }

    @Test
    void aModelThatCannotCountGetsTheEstimateMarkedAsSuch() {
        ChatRequest request = ChatRequest.builder(HAIKU_3).system("Be brief.").user("12345678").build();
        int before = callCount();

        TokenCount count = counter.count(request);

        assertThat(count).isEqualTo(new TokenCount(5, true));   // 9 + 8 characters, 4 to a token, rounded up
        assertThat(count).isEqualTo(TokenCount.estimate(request));
        assertThat(emulator.recordedCalls().get(before).status()).isEqualTo(400);
    }

    @Test
    void toolTrafficIsCountedToo() {
        ChatRequest request = ChatRequest.builder(SONNET)
                .user("Look basalt up.")
                .message(new Message(Role.ASSISTANT, List.of(new Content.ToolUse("t1", "lookup", "{\"rock\":\"basalt\"}"))))
                .message(new Message(Role.USER, List.of(Content.ToolResult.text("t1", "volcanic, fine-grained", false))))
                .tool(new ToolSpec("lookup", "Looks a rock up", null))
                .build();

        assertThat(counter.count(request).tokens()).isEqualTo(model.chat(request).usage().inputTokens());
    }

    @Test
    void aRequestTheModelCannotTakeIsRefusedBeforeCounting() {
        int before = callCount();

        assertThatThrownBy(() -> counter.count(ChatRequest.builder(HAIKU_3).user("hi").maxTokens(100_000).build()))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
        assertThat(callCount()).isEqualTo(before);
    }

    @Test
    void otherRefusalsAreErrorsNotEstimates() {
        assertThatThrownBy(() -> counter.count(ChatRequest.builder("anthropic.claude-9-v1:0").user("hi").build()))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Bedrock does not know the model anthropic.claude-9-v1:0 in us-east-1");
                    assertThat(e.hint()).contains("basalt models --live --region us-east-1");
                });
    }

    @Test
    void wrongCredentialsAreNamed() {
        try (BedrockTokenCounter wrong = BedrockTokenCounter.builder().region("us-east-1").endpoint(emulator.endpoint())
                .credentials(KEY_ID, "not-the-secret").build()) {
            assertThatThrownBy(() -> wrong.count(conversation(SONNET)))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                        assertThat(e.hint()).contains("AWS_SECRET_ACCESS_KEY");
                    });
        }
    }
}

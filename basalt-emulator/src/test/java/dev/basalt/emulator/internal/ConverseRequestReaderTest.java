package dev.basalt.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.ModelRequest;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConverseRequestReaderTest {

    private final ConverseRequestReader reader = new ConverseRequestReader(new ObjectMapper());

    @Test
    void readsSystemMessagesAndMaxTokens() {
        String body = """
                {"system":[{"text":"Be "},{"cachePoint":{"type":"default"}},{"text":"brief"}],
                 "messages":[{"role":"user","content":[{"text":"Weather?"}]},
                             {"role":"assistant","content":[{"text":"Checking."},{"toolUse":{"toolUseId":"t1","name":"w","input":{}}}]},
                             {"role":"user","content":[{"toolResult":{"toolUseId":"t1","content":[{"text":"rain"}]}},
                                                       {"text":"And "},{"text":"tomorrow?"}]}],
                 "inferenceConfig":{"maxTokens":64}}""";

        ModelRequest request = read(body);

        assertThat(request.modelId()).isEqualTo("m");
        assertThat(request.system()).isEqualTo("Be brief");
        assertThat(request.messages()).containsExactly(new ModelRequest.Message("user", "Weather?"),
                new ModelRequest.Message("assistant", "Checking."), new ModelRequest.Message("user", "And tomorrow?"));
        assertThat(request.lastUserText()).isEqualTo("And tomorrow?");
        assertThat(request.maxTokens()).isEqualTo(OptionalInt.of(64));
        assertThat(request.requestJson()).isEqualTo(body);
    }

    @Test
    void guardContentIsTextToTheModelAndAllTheGuardrailEvaluates() throws Exception {
        String body = """
                {"system":[{"text":"Be brief."},{"guardContent":{"text":{"text":"No secrets."}}}],
                 "messages":[{"role":"user","content":[{"text":"Earlier "},{"text":"words"}]},
                             {"role":"assistant","content":[{"text":"Noted."}]},
                             {"role":"user","content":[{"text":"Context: "},{"guardContent":{"text":{"text":"the question"}}}]}]}""";

        ModelRequest request = read(body);

        assertThat(request.system()).isEqualTo("Be brief.No secrets.");
        assertThat(request.lastUserText()).isEqualTo("Context: the question");
        assertThat(ConverseRequestReader.guardContent(new ObjectMapper().readTree(body))).contains("No secrets.\nthe question\n");
        assertThat(ConverseRequestReader.guardContent(new ObjectMapper().readTree(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}"))).isEmpty();
    }

    @Test
    void missingMaxTokensIsEmpty() {
        assertThat(read("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}").maxTokens()).isEmpty();
    }

    @Test
    void malformedJsonIsValidationException() {
        assertRefused("{\"messages\":[", "Malformed input request, please reformat your input and try again.");
        assertRefused("[1,2]", "Malformed input request, please reformat your input and try again.");
    }

    @Test
    void missingMessagesIsValidationException() {
        assertRefused("{}", "1 validation error detected: Value null at 'messages' failed to satisfy constraint: "
                + "Member must not be null");
        assertRefused("", "1 validation error detected: Value null at 'messages' failed to satisfy constraint: "
                + "Member must not be null");
    }

    @Test
    void conversationMustStartWithTheUser() {
        assertRefused("{\"messages\":[]}", "A conversation must start with a user message. Try again with a "
                + "conversation that starts with a user message.");
        assertRefused("{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"text\":\"hi\"}]}]}",
                "A conversation must start with a user message. Try again with a conversation that starts with a user message.");
    }

    @Test
    void unknownRoleNamesItsPosition() {
        assertRefused("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]},{\"role\":\"system\",\"content\":[]}]}",
                "1 validation error detected: Value 'system' at 'messages.2.member.role' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [user, assistant]");
    }

    @Test
    void zeroMaxTokensIsRefused() {
        assertThatThrownBy(() -> read("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"inferenceConfig\":{\"maxTokens\":0}}"))
                .isInstanceOfSatisfying(BedrockErrorException.class,
                        e -> assertThat(e.error().message()).contains("'inferenceConfig.maxTokens'"));
    }

    private ModelRequest read(String body) {
        return reader.read("m", body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(String body, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(BedrockErrorException.class, e -> {
            assertThat(e.error().status()).isEqualTo(400);
            assertThat(e.error().type()).isEqualTo("ValidationException");
            assertThat(e.error().message()).isEqualTo(message);
        });
    }
}

package dev.basalt.emulator.internal.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MistralFamilyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "mistral.mistral-7b-instruct-v0:2";

    private final MistralFamily mistral = new MistralFamily(JSON);

    @Test
    void readsInstructionTurnsAndTheAnswersBetweenThem() throws Exception {
        String prompt = "<s>[INST] What is your favourite condiment? [/INST]Well, I'm quite partial to mustard.</s>"
                + "[INST] Do you have a recipe? [/INST]";
        String body = JSON.createObjectNode().put("prompt", prompt).put("max_tokens", 400).put("temperature", 0.7)
                .put("top_p", 0.9).put("top_k", 50).set("stop", JSON.createArrayNode().add("</s>")).toString();

        ModelRequest request = mistral.read(MODEL, JSON.readTree(body), body);

        assertThat(request).isEqualTo(new ModelRequest(MODEL, "", List.of(
                new ModelRequest.Message("user", "What is your favourite condiment?"),
                new ModelRequest.Message("assistant", "Well, I'm quite partial to mustard."),
                new ModelRequest.Message("user", "Do you have a recipe?")), OptionalInt.of(400), body));
    }

    @Test
    void aPromptWithoutInstructionTagsIsOneUserMessage() throws Exception {
        String body = "{\"prompt\":\"Complete this: the quick brown\"}";

        ModelRequest request = mistral.read(MODEL, JSON.readTree(body), body);

        assertThat(request.messages()).containsExactly(new ModelRequest.Message("user", "Complete this: the quick brown"));
        assertThat(request.maxTokens()).isEmpty();
    }

    @Test
    void bodyWithoutPromptIsAValidationError() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        JsonNode tree = JSON.readTree(body);

        ModelError error = catchThrowableOfType(ModelError.class, () -> mistral.read(MODEL, tree, body));

        assertThat(error).isNotNull();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("ValidationException");
        assertThat(error.getMessage()).startsWith("Malformed input request: ").contains("[prompt]")
                .endsWith(", please reformat your input and try again.");
    }

    @Test
    void responseIsOneOutputWithTextAndStopReason() throws Exception {
        ModelReply reply = ModelReply.text(List.of("Mix ", "mustard ", "seeds."), "end_turn", 20, 4);

        assertThat(mistral.response(MODEL, request(), reply)).isEqualTo(JSON.readTree(
                "{\"outputs\":[{\"text\":\"Mix mustard seeds.\",\"stop_reason\":\"stop\"}]}"));
    }

    @ParameterizedTest
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length"})
    void stopReasonsBecomeMistralStopReasons(String stopReason, String mistralReason) {
        ModelReply reply = ModelReply.text(List.of("x"), stopReason, 1, 1);

        assertThat(mistral.response(MODEL, request(), reply).at("/outputs/0/stop_reason").asText()).isEqualTo(mistralReason);
    }

    @Test
    void streamSendsOneOutputPerPieceAndTheStopReasonLast() throws Exception {
        ModelReply reply = ModelReply.text(List.of("Mix ", "mustard ", "seeds."), "max_tokens", 20, 4);

        List<StreamChunk> chunks = mistral.stream(MODEL, request(), reply);

        assertThat(chunks).extracting(c -> (JsonNode) c.json()).containsExactly(
                JSON.readTree("{\"outputs\":[{\"text\":\"Mix \",\"stop_reason\":null}]}"),
                JSON.readTree("{\"outputs\":[{\"text\":\"mustard \",\"stop_reason\":null}]}"),
                JSON.readTree("{\"outputs\":[{\"text\":\"seeds.\",\"stop_reason\":\"length\"}]}"));
        assertThat(chunks).extracting(StreamChunk::output).containsExactly("Mix ", "mustard ", "seeds.");
    }

    @Test
    void echoRoundTripAnswersTheLastInstruction() throws Exception {
        String body = "{\"prompt\":\"<s>[INST] hello mistral [/INST]\",\"max_tokens\":50}";
        ModelRequest request = mistral.read(MODEL, JSON.readTree(body), body);

        JsonNode answer = mistral.response(MODEL, request, new EchoModel().reply(request));

        assertThat(answer.at("/outputs/0/text").asText()).isEqualTo("hello mistral");
        assertThat(answer.at("/outputs/0/stop_reason").asText()).isEqualTo("stop");
    }

    private static ModelRequest request() {
        return new ModelRequest(MODEL, "", List.of(new ModelRequest.Message("user", "q")), OptionalInt.empty(), "{}");
    }
}

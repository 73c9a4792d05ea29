package dev.basalt.emulator.internal.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LlamaFamilyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "meta.llama3-1-8b-instruct-v1:0";

    /** A conversation in Llama 3's header format, ending on the open assistant header as clients send it. */
    private static final String CONVERSATION = "<|begin_of_text|>"
            + "<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHow are\nyou?<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n";

    private final LlamaFamily llama = new LlamaFamily(JSON);

    @Test
    void readsTheLlama3PromptFormatIntoSystemAndTurns() throws Exception {
        String body = body(CONVERSATION).put("max_gen_len", 512).put("temperature", 0.5).put("top_p", 0.9).toString();

        ModelRequest request = llama.read(MODEL, JSON.readTree(body), body);

        assertThat(request).isEqualTo(new ModelRequest(MODEL, "You are terse.", List.of(
                new ModelRequest.Message("user", "Hi there"), new ModelRequest.Message("assistant", "Hello!"),
                new ModelRequest.Message("user", "How are\nyou?")), OptionalInt.of(512), body));
    }

    @Test
    void aPlainPromptIsOneUserMessage() throws Exception {
        String body = body("Write a haiku about rain.").toString();

        ModelRequest request = llama.read(MODEL, JSON.readTree(body), body);

        assertThat(request.system()).isEmpty();
        assertThat(request.messages()).containsExactly(new ModelRequest.Message("user", "Write a haiku about rain."));
        assertThat(request.maxTokens()).isEmpty();
    }

    @Test
    void bodyWithoutPromptIsAValidationError() throws Exception {
        String body = "{\"max_gen_len\":10}";
        JsonNode tree = JSON.readTree(body);

        ModelError error = catchThrowableOfType(ModelError.class, () -> llama.read(MODEL, tree, body));

        assertThat(error).isNotNull();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("ValidationException");
        assertThat(error.getMessage()).startsWith("Malformed input request: ").contains("[prompt]")
                .endsWith(", please reformat your input and try again.");
    }

    @Test
    void responseIsTheGenerationWithCountsAndStopReason() throws Exception {
        ModelReply reply = ModelReply.text(List.of("Fine, ", "thanks."), "end_turn", 30, 3);

        assertThat(llama.response(MODEL, request(), reply)).isEqualTo(JSON.readTree(
                "{\"generation\":\"Fine, thanks.\",\"prompt_token_count\":30,\"generation_token_count\":3,"
                        + "\"stop_reason\":\"stop\"}"));
    }

    @ParameterizedTest
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length"})
    void stopReasonsBecomeLlamaStopReasons(String stopReason, String llamaReason) {
        ModelReply reply = ModelReply.text(List.of("x"), stopReason, 1, 1);

        assertThat(llama.response(MODEL, request(), reply).path("stop_reason").asText()).isEqualTo(llamaReason);
    }

    @Test
    void streamCountsGenerationTokensAsItGoesAndStopsOnTheLastChunk() throws Exception {
        ModelReply reply = ModelReply.text(List.of("Fine", ", ", "thanks."), "end_turn", 30, 3);

        List<StreamChunk> chunks = llama.stream(MODEL, request(), reply);

        assertThat(chunks).extracting(c -> (JsonNode) c.json()).containsExactly(
                JSON.readTree("{\"generation\":\"Fine\",\"prompt_token_count\":30,\"generation_token_count\":1,"
                        + "\"stop_reason\":null}"),
                JSON.readTree("{\"generation\":\", \",\"prompt_token_count\":null,\"generation_token_count\":2,"
                        + "\"stop_reason\":null}"),
                JSON.readTree("{\"generation\":\"thanks.\",\"prompt_token_count\":null,\"generation_token_count\":3,"
                        + "\"stop_reason\":\"stop\"}"));
        assertThat(chunks).extracting(StreamChunk::output).containsExactly("Fine", ", ", "thanks.");
    }

    @Test
    void streamedGenerationCountNeverFallsAndEndsAtTheTotal() {
        ModelReply reply = ModelReply.text(List.of("a ", "b ", "c ", "d ", "e"), "max_tokens", 9, 13);

        List<Integer> counts = llama.stream(MODEL, request(), reply).stream()
                .map(c -> c.json().path("generation_token_count").asInt()).toList();

        assertThat(counts).isSorted().allMatch(n -> n > 0).endsWith(13);
    }

    @Test
    void echoRoundTripAnswersTheLastUserTurn() throws Exception {
        String body = body(CONVERSATION).toString();
        ModelRequest request = llama.read(MODEL, JSON.readTree(body), body);
        ModelReply reply = new EchoModel().reply(request);

        JsonNode answer = llama.response(MODEL, request, reply);

        assertThat(answer.path("generation").asText()).isEqualTo("How are\nyou?");
        assertThat(answer.path("prompt_token_count").asInt())
                .isEqualTo(EchoModel.estimateTokens("You are terse.Hi thereHello!How are\nyou?"));
        assertThat(llama.stream(MODEL, request, reply)).extracting(StreamChunk::output).containsExactly("How ", "are\n", "you?");
    }

    private static ObjectNode body(String prompt) {
        return JSON.createObjectNode().put("prompt", prompt);
    }

    private static ModelRequest request() {
        return new ModelRequest(MODEL, "", List.of(new ModelRequest.Message("user", "q")), OptionalInt.empty(), "{}");
    }
}

package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Guardrail;
import dev.basalt.core.StopReason;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guardrails: the configuration Bedrock receives per operation, and an intervention as a stop reason. */
class GuardrailTest extends EmulatedBedrock {

    private static final Guardrail GUARDRAIL = Guardrail.of(GUARDRAIL_ID, GUARDRAIL_VERSION);

    @Test
    void converseCarriesTheGuardrailIdVersionAndTrace() {
        model.chat(ChatRequest.builder(SONNET).user("Hello").guardrail(GUARDRAIL.withTrace(true)).build());

        assertThat(lastBody().path("guardrailConfig")).isEqualTo(json(
                "{\"guardrailIdentifier\":\"gr-test\",\"guardrailVersion\":\"3\",\"trace\":\"enabled\"}"));
    }

    @Test
    void streamsAlsoCarryTheProcessingMode() {
        model.stream(ChatRequest.builder(SONNET).user("Hello")
                .guardrail(GUARDRAIL.withStreamMode(Guardrail.StreamMode.ASYNC)).build(), e -> { });

        assertThat(lastBody().path("guardrailConfig")).isEqualTo(json("{\"guardrailIdentifier\":\"gr-test\","
                + "\"guardrailVersion\":\"3\",\"trace\":\"disabled\",\"streamProcessingMode\":\"async\"}"));
    }

    @Test
    void anInterventionIsAnAnswerWithItsOwnStopReasonNotAnError() {
        ChatRequest request = ChatRequest.builder(SONNET).user("Tell me the " + BLOCKED_WORD + " thing").guardrail(GUARDRAIL).build();

        ChatResponse viaChat = model.chat(request);
        ChatResponse viaStream = model.stream(request, e -> { });

        for (ChatResponse response : List.of(viaChat, viaStream)) {
            assertThat(response.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
            assertThat(response.text()).isEqualTo(dev.basalt.emulator.Guardrail.BLOCKED_MESSAGE);
        }
    }

    @Test
    void withoutAGuardrailNothingIsSent() {
        model.chat(ChatRequest.builder(SONNET).user("Hello").build());

        assertThat(lastBody().has("guardrailConfig")).isFalse();
    }

    @Test
    void anInterventionOnTheOutputSideIsMappedToo() {
        answer(request -> new ModelReply(List.of(ReplyBlock.Text.of("[removed]")), "guardrail_intervened", TokenUsage.of(3, 2)));

        assertThat(model.chat(ChatRequest.builder(SONNET).user("Hello").guardrail(GUARDRAIL).build()).stopReason())
                .isEqualTo(StopReason.GUARDRAIL_INTERVENED);
    }

    @Test
    void theTraceAskedForComesBackAsJsonFromConverseAndTheStream() throws Exception {
        ChatRequest request = ChatRequest.builder(SONNET).user("Tell me the " + BLOCKED_WORD + " thing")
                .guardrail(GUARDRAIL.withTrace(true)).build();

        ChatResponse viaChat = model.chat(request);
        ChatResponse viaStream = model.stream(request, e -> { });

        for (ChatResponse response : List.of(viaChat, viaStream)) {
            assertThat(response.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
            com.fasterxml.jackson.databind.JsonNode trace = JSON.readTree(response.guardrailTrace());
            assertThat(trace.at("/inputAssessment/" + GUARDRAIL_ID + "/wordPolicy/customWords/0"))
                    .isEqualTo(json("{\"match\":\"" + BLOCKED_WORD + "\",\"action\":\"BLOCKED\",\"detected\":true}"));
            assertThat(trace.path("actionReason").asText()).isEqualTo("Guardrail blocked.");
        }
    }

    @Test
    void withoutTraceNoTraceComesBack() {
        ChatResponse response = model.chat(ChatRequest.builder(SONNET).user("Tell me the " + BLOCKED_WORD + " thing")
                .guardrail(GUARDRAIL).build());

        assertThat(response.guardrailTrace()).isNull();
    }
}

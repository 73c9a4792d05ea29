package dev.basalt.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Answers and chunks the emulator does not produce, in the shapes Bedrock documents: a guardrail's
 * intervention, Claude's refusal, Titan's completion reasons, a Mistral answer without counts.
 */
class NativeBodyReadingTest {

    private static JsonNode json(String text) {
        return JsonNode.parser().parse(text);
    }

    @Test
    void aGuardrailInterventionInTheBodyIsTheStopReason() {
        ChatResponse response = AnthropicMessagesBody.INSTANCE.response("m", json("{\"content\":[{\"type\":\"text\","
                + "\"text\":\"Sorry, I cannot.\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4},"
                + "\"amazon-bedrock-guardrailAction\":\"INTERVENED\"}"), Usage.ZERO, 7);

        assertThat(response.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
        assertThat(response.text()).isEqualTo("Sorry, I cannot.");
        assertThat(response.usage()).isEqualTo(new Usage(3, 4, 0, 0));
        assertThat(response.latencyMs()).isEqualTo(7);
    }

    @Test
    void aGuardrailInterventionInAStreamChunkIsTheStopReason() {
        List<StreamEvent> events = new ArrayList<>();
        NativeBody.ChunkReader reader = TitanTextBody.INSTANCE.reader(events::add);

        reader.chunk(json("{\"outputText\":\"Sorry.\",\"index\":0,\"inputTextTokenCount\":3,\"totalOutputTextTokenCount\":2,"
                + "\"completionReason\":\"FINISH\",\"amazon-bedrock-guardrailAction\":\"INTERVENED\","
                + "\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":3,\"outputTokenCount\":2,\"invocationLatency\":40}}"));

        assertThat(events).containsExactly(new StreamEvent.MessageStart(Role.ASSISTANT), new StreamEvent.TextDelta(0, "Sorry."),
                new StreamEvent.BlockStop(0), new StreamEvent.MessageStop(StopReason.GUARDRAIL_INTERVENED),
                new StreamEvent.Metadata(new Usage(3, 2, 0, 0), 40));
    }

    @Test
    void aGuardrailTraceInAChunkBeforeTheLastStillReachesTheMetadata() {
        List<StreamEvent> events = new ArrayList<>();
        NativeBody.ChunkReader reader = AnthropicMessagesBody.INSTANCE.reader(events::add);
        String assessment = "{\"inputAssessment\":{\"gr\":{\"wordPolicy\":{\"customWords\":[]}}}}";

        reader.chunk(json("{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}"));
        reader.chunk(json("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2},"
                + "\"amazon-bedrock-guardrailAction\":\"NONE\",\"amazon-bedrock-trace\":{\"guardrail\":" + assessment + "}}"));
        reader.chunk(json("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"invocationLatency\":12}}"));

        assertThat(events.subList(events.size() - 2, events.size())).containsExactly(
                new StreamEvent.MessageStop(StopReason.END_TURN), new StreamEvent.Metadata(new Usage(3, 2, 0, 0), 12, assessment));
    }

    @Test
    void claudesRefusalIsContentFiltered() {
        assertThat(AnthropicMessagesBody.stopReason("refusal")).isEqualTo(StopReason.CONTENT_FILTERED);
        assertThat(AnthropicMessagesBody.stopReason("model_context_window_exceeded"))
                .isEqualTo(StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED);
        assertThat(AnthropicMessagesBody.stopReason("pause_turn")).isEqualTo(StopReason.UNKNOWN);
    }

    @Test
    void titansCompletionReasonsAreCoresStopReasons() {
        assertThat(TitanTextBody.stopReason("FINISH")).isEqualTo(StopReason.END_TURN);
        assertThat(TitanTextBody.stopReason("LENGTH")).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(TitanTextBody.stopReason("STOP_CRITERIA_MET")).isEqualTo(StopReason.STOP_SEQUENCE);
        assertThat(TitanTextBody.stopReason("CONTENT_FILTERED")).isEqualTo(StopReason.CONTENT_FILTERED);
        assertThat(TitanTextBody.stopReason(null)).isNull();
    }

    @Test
    void aMistralAnswerTakesItsCountsFromBedrock() {
        ChatResponse response = MistralBody.INSTANCE.response("m",
                json("{\"outputs\":[{\"text\":\"Hi\",\"stop_reason\":\"length\"}]}"), new Usage(9, 1, 0, 0), 0);

        assertThat(response.message().content()).containsExactly(new Content.Text("Hi"));
        assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(response.usage()).isEqualTo(new Usage(9, 1, 0, 0));
    }

    @Test
    void anAnthropicStreamWithoutMessageStopNeverEnds() {
        List<StreamEvent> events = new ArrayList<>();
        NativeBody.ChunkReader reader = AnthropicMessagesBody.INSTANCE.reader(events::add);

        reader.chunk(json("{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}"));
        reader.chunk(json("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        reader.chunk(json("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"));
        reader.chunk(json("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}"));

        // the stop is reported with the usage, on message_stop: a stream cut before it is a broken stream
        assertThat(events).noneMatch(StreamEvent.MessageStop.class::isInstance);

        reader.chunk(json("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"invocationLatency\":12}}"));
        assertThat(events.subList(events.size() - 2, events.size())).containsExactly(
                new StreamEvent.MessageStop(StopReason.END_TURN), new StreamEvent.Metadata(new Usage(3, 2, 0, 0), 12));
    }
}

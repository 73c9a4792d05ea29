package dev.basalt.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.ResponseAssembler;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStart;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlockDelta;

/** Feeds SDK event objects through the visitor, as the SDK does on its event-loop thread. */
class ConverseStreamEventsTest {

    private final List<StreamEvent> events = new ArrayList<>();
    private final ConverseStreamResponseHandler.Visitor visitor = ConverseStreamEvents.visitor(events::add);

    @Test
    void aToolCallingStreamBecomesCoreEventsInOrder() {
        ConverseStreamOutput.messageStartBuilder().role(ConversationRole.ASSISTANT).build().accept(visitor);
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                .delta(ContentBlockDelta.fromReasoningContent(r -> r.text("The user wants weather."))).build().accept(visitor);
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                .delta(ContentBlockDelta.fromReasoningContent(r -> r.signature("sig-123"))).build().accept(visitor);
        ConverseStreamOutput.contentBlockStopBuilder().contentBlockIndex(0).build().accept(visitor);
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(1)
                .delta(ContentBlockDelta.fromText("Checking.")).build().accept(visitor);
        ConverseStreamOutput.contentBlockStopBuilder().contentBlockIndex(1).build().accept(visitor);
        ConverseStreamOutput.contentBlockStartBuilder().contentBlockIndex(2)
                .start(ContentBlockStart.fromToolUse(t -> t.toolUseId("tooluse_7").name("get_weather"))).build().accept(visitor);
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(2)
                .delta(ContentBlockDelta.fromToolUse(t -> t.input("{\"city\":"))).build().accept(visitor);
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(2)
                .delta(ContentBlockDelta.fromToolUse(t -> t.input("\"Paris\"}"))).build().accept(visitor);
        ConverseStreamOutput.contentBlockStopBuilder().contentBlockIndex(2).build().accept(visitor);
        ConverseStreamOutput.messageStopBuilder().stopReason("tool_use").build().accept(visitor);
        ConverseStreamOutput.metadataBuilder()
                .usage(u -> u.inputTokens(30).outputTokens(12).totalTokens(60).cacheReadInputTokens(10).cacheWriteInputTokens(8))
                .metrics(m -> m.latencyMs(420L))
                .build().accept(visitor);

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart(Role.ASSISTANT),
                new StreamEvent.ReasoningDelta(0, "The user wants weather.", null),
                new StreamEvent.ReasoningDelta(0, null, "sig-123"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.TextDelta(1, "Checking."),
                new StreamEvent.BlockStop(1),
                new StreamEvent.ToolUseStart(2, "tooluse_7", "get_weather"),
                new StreamEvent.ToolInputDelta(2, "{\"city\":"),
                new StreamEvent.ToolInputDelta(2, "\"Paris\"}"),
                new StreamEvent.BlockStop(2),
                new StreamEvent.MessageStop(StopReason.TOOL_USE),
                new StreamEvent.Metadata(new Usage(30, 12, 10, 8), 420));
    }

    @Test
    void assembledStreamKeepsReasoningSignatureAndToolInput() {
        ResponseAssembler assembler = new ResponseAssembler("m");
        ConverseStreamResponseHandler.Visitor assembling = ConverseStreamEvents.visitor(assembler);
        ConverseStreamOutput.messageStartBuilder().role(ConversationRole.ASSISTANT).build().accept(assembling);
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                .delta(ContentBlockDelta.fromReasoningContent(r -> r.text("think"))).build().accept(assembling);
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                .delta(ContentBlockDelta.fromReasoningContent(r -> r.signature("sig"))).build().accept(assembling);
        ConverseStreamOutput.contentBlockStartBuilder().contentBlockIndex(1)
                .start(ContentBlockStart.fromToolUse(t -> t.toolUseId("tu1").name("read_file"))).build().accept(assembling);
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(1)
                .delta(ContentBlockDelta.fromToolUse(t -> t.input("{\"path\":\"a.txt\"}"))).build().accept(assembling);
        ConverseStreamOutput.messageStopBuilder().stopReason("tool_use").build().accept(assembling);

        ChatResponse response = assembler.response();

        assertThat(response.message().content()).containsExactly(
                new Content.Reasoning("think", "sig"),
                new Content.ToolUse("tu1", "read_file", "{\"path\":\"a.txt\"}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    }

    @Test
    void stopReasonsMapFromTheWireAndUnknownOnesDoNotFail() {
        for (String wire : List.of("end_turn", "max_tokens", "stop_sequence", "guardrail_intervened", "content_filtered",
                "model_context_window_exceeded", "something_new")) {
            ConverseStreamOutput.messageStopBuilder().stopReason(wire).build().accept(visitor);
        }

        assertThat(events).extracting(e -> ((StreamEvent.MessageStop) e).stopReason()).containsExactly(
                StopReason.END_TURN, StopReason.MAX_TOKENS, StopReason.STOP_SEQUENCE, StopReason.GUARDRAIL_INTERVENED,
                StopReason.CONTENT_FILTERED, StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED, StopReason.UNKNOWN);
    }

    @Test
    void metadataWithoutUsageOrMetricsCountsZero() {
        ConverseStreamOutput.metadataBuilder().build().accept(visitor);

        assertThat(events).containsExactly(new StreamEvent.Metadata(Usage.ZERO, 0));
    }

    @Test
    void redactedReasoningIsItsOwnDeltaAndTheTraceRidesOnTheMetadata() {
        ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                .delta(ContentBlockDelta.fromReasoningContent(ReasoningContentBlockDelta.fromRedactedContent(
                        SdkBytes.fromUtf8String("opaque")))).build().accept(visitor);
        ConverseStreamOutput.metadataBuilder()
                .trace(t -> t.guardrail(g -> g.actionReason("Guardrail blocked.")
                        .inputAssessment(java.util.Map.of("gr-1", software.amazon.awssdk.services.bedrockruntime.model
                                .GuardrailAssessment.builder().wordPolicy(w -> w.customWords(c -> c.match("secret")
                                        .action("BLOCKED").detected(true))).build()))))
                .build().accept(visitor);

        assertThat(events).containsExactly(
                new StreamEvent.RedactedReasoningDelta(0, "opaque".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new StreamEvent.Metadata(Usage.ZERO, 0, "{\"inputAssessment\":{\"gr-1\":{\"wordPolicy\":{\"customWords\":"
                        + "[{\"match\":\"secret\",\"action\":\"BLOCKED\",\"detected\":true}]}}},\"actionReason\":\"Guardrail blocked.\"}"));
    }
}

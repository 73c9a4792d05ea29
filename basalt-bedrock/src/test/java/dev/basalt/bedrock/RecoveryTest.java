package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.core.StreamEvent;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.RecordedCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the provider recovers from beyond the SDK's own retries, through the real SDK against the
 * emulator with faults injected: a plain id that needs an inference profile, a stream that breaks
 * before any output, a stream that breaks after output (never replayed), and a throttled region
 * with a fallback.
 */
class RecoveryTest {

    private static final String KEY_ID = "AKIDRECOVERY";
    private static final String SECRET = "recovery-secret";
    private static final String HAIKU_3 = "anthropic.claude-3-haiku-20240307-v1:0";
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().credentials(KEY_ID, SECRET).start();
    }

    @AfterEach
    void noFaults() {
        emulator.faults(List.of());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static BedrockChatModel.Builder model() {
        return BedrockChatModel.builder().region("eu-west-1").endpoint(emulator.endpoint()).credentials(KEY_ID, SECRET);
    }

    private static List<RecordedCall> callsSince(int before) {
        List<RecordedCall> calls = emulator.recordedCalls();
        return calls.subList(before, calls.size());
    }

    @Test
    void aPlainIdThatNeedsAProfileIsRetriedOnceWithTheRegionsProfile() {
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = model().build()) {
            ChatResponse response = model.chat(ChatRequest.builder("anthropic.claude-sonnet-4-5-20250929-v1:0")
                    .user("hello").build());

            assertThat(response.text()).isEqualTo("hello");
            assertThat(response.modelId()).isEqualTo("eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
            assertThat(callsSince(before)).extracting(RecordedCall::status).containsExactly(400, 200);

            ChatResponse streamed = model.stream(ChatRequest.builder("anthropic.claude-sonnet-4-5-20250929-v1:0")
                    .user("streamed").build(), event -> { });
            assertThat(streamed.modelId()).isEqualTo("eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
        }
    }

    @Test
    void aProfileTheRegionDoesNotServeIsModelNotFoundNamingTheModelsRegions() {
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = model().build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder("eu.anthropic.claude-opus-4-1-20250805-v1:0").user("hi").build()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
                        assertThat(e.getMessage()).contains("eu.anthropic.claude-opus-4-1-20250805-v1:0").contains("eu-west-1");
                        assertThat(e.hint()).isEqualTo("check the id (`basalt models` lists aliases and ids); Claude Opus 4.1 is "
                                + "served through its us inference profile, e.g. --region us-east-1; "
                                + "`basalt models --live --region eu-west-1` lists what your account can call there");
                    });
        }
        assertThat(callsSince(before)).extracting(RecordedCall::status).containsExactly(400);
    }

    @Test
    void aFoundationModelArnThatNeedsAProfileIsRetriedWithTheRegionsProfile() {
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = model().build()) {
            ChatResponse response = model.chat(ChatRequest.builder(
                    "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0").user("hello").build());

            assertThat(response.modelId()).isEqualTo("eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
            assertThat(callsSince(before)).extracting(RecordedCall::status).containsExactly(400, 200);
        }
    }

    @Test
    void aCatalogAliasIsCalledByTheIdBedrockKnowsInTheRegion() {
        try (BedrockChatModel model = model().build()) {
            ChatResponse response = model.chat(ChatRequest.builder("haiku").user("hello").temperature(0.5).build());

            assertThat(response.modelId()).isEqualTo("eu.anthropic.claude-haiku-4-5-20251001-v1:0");
            assertThat(emulator.recordedCalls().get(emulator.recordedCalls().size() - 1).modelId())
                    .isEqualTo("eu.anthropic.claude-haiku-4-5-20251001-v1:0");
            assertThat(response.costUsd()).isPresent();
        }
    }

    @Test
    void aStreamThatBreaksBeforeAnyOutputIsSentAgain() {
        emulator.faults(List.of(FaultRule.first(1, new Fault.StreamException(1, "throttlingException", "slow down"))));
        int before = emulator.recordedCalls().size();
        List<StreamEvent> events = new ArrayList<>();
        try (BedrockChatModel model = model().build()) {
            ChatResponse response = model.stream(ChatRequest.builder(HAIKU_3).user("one two three").build(), events::add);

            assertThat(response.text()).isEqualTo("one two three");
            assertThat(callsSince(before)).hasSize(2);
            assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance).hasSize(3);
        }
    }

    @Test
    void aStreamThatBreaksAfterOutputIsNeverReplayedAndSaysSo() {
        // the retryable exceptions too: the SDK, left to itself, would send the whole stream again into the same listener
        for (String type : List.of("modelStreamErrorException", "throttlingException", "internalServerException",
                "serviceUnavailableException")) {
            emulator.faults(List.of(FaultRule.first(1, new Fault.StreamException(3, type, "slow down"))));
            int before = emulator.recordedCalls().size();
            StringBuilder shown = new StringBuilder();
            try (BedrockChatModel model = model().build()) {
                assertThatThrownBy(() -> model.stream(ChatRequest.builder(HAIKU_3).user("one two three four").build(), event -> {
                    if (event instanceof StreamEvent.TextDelta delta) {
                        shown.append(delta.text());
                    }
                })).as(type).isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.STREAM_BROKEN);
                    assertThat(e.getMessage()).contains("broke off after 8 characters");
                });
                assertThat(shown.toString()).as(type).isEqualTo("one two ");
                assertThat(callsSince(before)).as(type).hasSize(1);
            }
        }
    }

    @Test
    void aModelStreamErrorBeforeAnyOutputIsRetriedAsABrokenStream() {
        emulator.faults(List.of(FaultRule.first(1, new Fault.StreamException(1, "modelStreamErrorException", "broke"))));
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = model().build()) {
            ChatResponse response = model.stream(ChatRequest.builder(HAIKU_3).user("one two").build(), event -> { });

            assertThat(response.text()).isEqualTo("one two");
            assertThat(callsSince(before)).hasSize(2);
        }
    }

    @Test
    void aThrottledStreamIsRetriedThenMovesToTheFallbackRegionWithThatRegionsProfile() {
        // Sonnet 4.5 needs a profile: eu. in eu-west-1, us. in us-east-1
        emulator.faults(List.of(FaultRule.first(4, new Fault.Throttle())));
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = model().fallbackRegions(List.of("us-east-1")).build()) {
            ChatResponse response = model.stream(ChatRequest.builder("eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
                    .user("hello").build(), event -> { });

            assertThat(response.text()).isEqualTo("hello");
            assertThat(response.modelId()).isEqualTo("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
            assertThat(response.region()).isEqualTo("us-east-1");
            List<RecordedCall> calls = callsSince(before);
            assertThat(calls).extracting(RecordedCall::status).containsExactly(429, 429, 429, 429, 200);
            assertThat(calls.get(4).modelId()).isEqualTo("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
            assertThat(calls.get(4).header("authorization")).contains("/us-east-1/bedrock/");
        }
    }

    @Test
    void aFallbackRegionWithoutTheModelsProfileIsSkipped() {
        // Claude Opus 4.1 has a us. profile only: eu-west-1 cannot serve it, us-west-2 can
        emulator.faults(List.of(FaultRule.first(4, new Fault.Throttle())));
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = BedrockChatModel.builder().region("us-east-1").endpoint(emulator.endpoint())
                .credentials(KEY_ID, SECRET).fallbackRegions(List.of("eu-west-1", "us-west-2")).build()) {
            ChatResponse response = model.chat(ChatRequest.builder("us.anthropic.claude-opus-4-1-20250805-v1:0").user("hello").build());

            assertThat(response.region()).isEqualTo("us-west-2");
            assertThat(callsSince(before).get(4).header("authorization")).contains("/us-west-2/bedrock/");
        }
    }

    @Test
    void throttlingThatOutlastsTheSdksRetriesMovesToTheFallbackRegion() {
        // the SDK's default retry mode makes four attempts in eu-west-1; the fifth call is the fallback region's
        emulator.faults(List.of(FaultRule.first(4, new Fault.Throttle())));
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = model().fallbackRegions(List.of("eu-central-1")).build()) {
            ChatResponse response = model.chat(ChatRequest.builder(HAIKU_3).user("hello").build());

            assertThat(response.text()).isEqualTo("hello");
            List<RecordedCall> calls = callsSince(before);
            assertThat(calls).extracting(RecordedCall::status).containsExactly(429, 429, 429, 429, 200);
            assertThat(calls.subList(0, 4)).allSatisfy(c -> assertThat(c.header("authorization")).contains("/eu-west-1/bedrock/"));
            assertThat(calls.get(4).header("authorization")).contains("/eu-central-1/bedrock/");
        }
    }

    @Test
    void throttlingEverywhereNamesTheRegionsTried() {
        emulator.faults(List.of(FaultRule.always(new Fault.Throttle())));
        try (BedrockChatModel model = model().fallbackRegions(List.of("eu-central-1")).build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder(HAIKU_3).user("hello").build()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
                        assertThat(e.getMessage()).contains("tried eu-west-1, eu-central-1");
                    });
        }
    }
}

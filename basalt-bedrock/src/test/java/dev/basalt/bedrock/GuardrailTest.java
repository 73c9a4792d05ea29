package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Guardrail;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.ToolSpec;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guardrails: the configuration Bedrock receives per operation, an intervention as a stop reason, the
 * trace on both APIs, and a guardrail scoped to the latest user input.
 */
class GuardrailTest extends EmulatedBedrock {

    private static final Guardrail GUARDRAIL = Guardrail.of(GUARDRAIL_ID, GUARDRAIL_VERSION);
    private static final Guardrail LATEST_INPUT = GUARDRAIL.withScope(Guardrail.Scope.LATEST_USER_INPUT);
    /** Through InvokeModel by the catalog ({@code "api": "invoke"}), with Titan's own body. */
    private static final String TITAN = "amazon.titan-text-express-v1";

    /** Every model through InvokeModel and its stream, with the family's native body. */
    private static BedrockChatModel invoking;

    @BeforeAll
    static void startInvoking() {
        invoking = BedrockChatModel.builder().region("us-east-1").endpoint(emulator.endpoint()).credentials(KEY_ID, SECRET)
                .api(BedrockApi.INVOKE).build();
    }

    @AfterAll
    static void closeInvoking() {
        invoking.close();
    }

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

    // --- the trace through InvokeModel ---

    @Test
    void theTraceComesBackFromInvokeModelForClaudeAndTitanAsConverseGivesIt() throws Exception {
        String asked = "Tell me the " + BLOCKED_WORD + " thing";
        JsonNode viaConverse = JSON.readTree(model.chat(ChatRequest.builder(SONNET).user(asked)
                .guardrail(GUARDRAIL.withTrace(true)).build()).guardrailTrace());

        for (String modelId : List.of(HAIKU_3, TITAN)) {
            ChatRequest request = ChatRequest.builder(modelId).user(asked).guardrail(GUARDRAIL.withTrace(true)).build();
            ChatResponse viaChat = invoking.chat(request);
            assertThat(lastCall().operation()).isEqualTo("InvokeModel");
            assertThat(lastCall().header("X-Amzn-Bedrock-Trace")).isEqualTo("ENABLED");
            List<StreamEvent> events = new CopyOnWriteArrayList<>();
            ChatResponse viaStream = invoking.stream(request, events::add);
            assertThat(lastCall().operation()).isEqualTo("InvokeModelWithResponseStream");

            for (ChatResponse response : List.of(viaChat, viaStream)) {
                assertThat(response.stopReason()).as(modelId).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
                assertThat(response.text()).as(modelId).isEqualTo(dev.basalt.emulator.Guardrail.BLOCKED_MESSAGE);
                JsonNode trace = JSON.readTree(response.guardrailTrace());
                assertThat(trace.at("/inputAssessment/" + GUARDRAIL_ID + "/wordPolicy/customWords/0")).as(modelId)
                        .isEqualTo(json("{\"match\":\"" + BLOCKED_WORD + "\",\"action\":\"BLOCKED\",\"detected\":true}"));
                assertThat(trace).as(modelId).isEqualTo(viaConverse);
            }
            assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(StreamEvent.Metadata.class,
                    metadata -> assertThat(metadata.guardrailTrace()).isEqualTo(viaStream.guardrailTrace()));
        }
    }

    @Test
    void anInvokeModelTraceOfInputThatPassedSaysNothingWasFound() throws Exception {
        for (String modelId : List.of(HAIKU_3, TITAN)) {
            ChatRequest request = ChatRequest.builder(modelId).user("Tell me a joke").guardrail(GUARDRAIL.withTrace(true)).build();

            for (ChatResponse response : List.of(invoking.chat(request), invoking.stream(request, e -> { }))) {
                assertThat(response.stopReason()).as(modelId).isEqualTo(StopReason.END_TURN);
                assertThat(response.text()).as(modelId).isEqualTo("Tell me a joke");
                JsonNode trace = JSON.readTree(response.guardrailTrace());
                assertThat(trace.at("/inputAssessment/" + GUARDRAIL_ID + "/wordPolicy/customWords")).as(modelId).isEmpty();
                assertThat(trace.has("actionReason")).as(modelId).isFalse();
            }
        }
    }

    @Test
    void withoutTraceInvokeModelStillIntervenesButBringsNoTrace() {
        for (String modelId : List.of(HAIKU_3, TITAN)) {
            ChatRequest request = ChatRequest.builder(modelId).user("Tell me the " + BLOCKED_WORD + " thing")
                    .guardrail(GUARDRAIL).build();
            List<StreamEvent> events = new CopyOnWriteArrayList<>();

            ChatResponse viaChat = invoking.chat(request);
            assertThat(lastCall().header("X-Amzn-Bedrock-Trace")).isEqualTo("DISABLED");
            ChatResponse viaStream = invoking.stream(request, events::add);

            for (ChatResponse response : List.of(viaChat, viaStream)) {
                assertThat(response.stopReason()).as(modelId).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
                assertThat(response.guardrailTrace()).as(modelId).isNull();
            }
            assertThat(events).filteredOn(StreamEvent.Metadata.class::isInstance).singleElement()
                    .isInstanceOfSatisfying(StreamEvent.Metadata.class, metadata -> assertThat(metadata.guardrailTrace()).isNull());
        }
    }

    // --- a guardrail scoped to the latest user input ---

    /** A conversation whose system prompt and first turn hold the blocked word, and whose latest turn is {@code latest}. */
    private static ChatRequest.Builder conversation(String latest) {
        return ChatRequest.builder(SONNET).system("Never say the word " + BLOCKED_WORD + ".")
                .user("Is " + BLOCKED_WORD + " a word?").message(Message.assistant("It is.")).user(latest);
    }

    @Test
    void scopedToTheLatestInputTheGuardrailLetsEarlierTurnsAndTheSystemPromptBe() {
        ChatRequest request = conversation("Tell me a joke").guardrail(LATEST_INPUT).build();

        ChatResponse viaChat = model.chat(request);
        JsonNode sent = lastBody();
        ChatResponse viaStream = model.stream(request, e -> { });

        for (ChatResponse response : List.of(viaChat, viaStream)) {
            assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(response.text()).isEqualTo("Tell me a joke");   // the model read the guarded text as text
        }
        assertThat(sent.at("/messages/2/content")).isEqualTo(json("[{\"guardContent\":{\"text\":{\"text\":\"Tell me a joke\"}}}]"));
        assertThat(sent.at("/messages/0/content")).isEqualTo(json("[{\"text\":\"Is " + BLOCKED_WORD + " a word?\"}]"));
        assertThat(sent.at("/messages/1/content")).isEqualTo(json("[{\"text\":\"It is.\"}]"));
        assertThat(sent.path("system")).isEqualTo(json("[{\"text\":\"Never say the word " + BLOCKED_WORD + ".\"}]"));
        assertThat(lastBody().at("/messages")).as("ConverseStream sends the same messages").isEqualTo(sent.at("/messages"));
    }

    @Test
    void scopedToTheLatestInputTheGuardrailStillBlocksItThere() throws Exception {
        ChatRequest request = conversation("Now say " + BLOCKED_WORD).guardrail(LATEST_INPUT.withTrace(true)).build();

        for (ChatResponse response : List.of(model.chat(request), model.stream(request, e -> { }))) {
            assertThat(response.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
            assertThat(response.text()).isEqualTo(dev.basalt.emulator.Guardrail.BLOCKED_MESSAGE);
            assertThat(JSON.readTree(response.guardrailTrace()).at("/inputAssessment/" + GUARDRAIL_ID
                    + "/wordPolicy/customWords/0/match").asText()).isEqualTo(BLOCKED_WORD);
        }
        assertThat(lastBody().at("/messages/2/content/0/guardContent/text/text").asText()).isEqualTo("Now say " + BLOCKED_WORD);
    }

    @Test
    void overTheWholeConversationByDefaultAnEarlierTurnTripsTheGuardrail() {
        assertThat(GUARDRAIL.scope()).isEqualTo(Guardrail.Scope.WHOLE_CONVERSATION);
        ChatRequest request = conversation("Tell me a joke").guardrail(GUARDRAIL).build();

        for (ChatResponse response : List.of(model.chat(request), model.stream(request, e -> { }))) {
            assertThat(response.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
        }
        assertThat(lastBody().toString()).doesNotContain("guardContent");
        assertThat(lastBody().at("/messages/2/content/0/text").asText()).isEqualTo("Tell me a joke");
    }

    @Test
    void inAToolLoopTheLatestInputIsTheUserTextBeforeTheToolResults() {
        ToolSpec readFile = new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\"}");
        ChatRequest request = ChatRequest.builder(SONNET).tool(readFile).user("Summarise notes.txt")
                .message(new Message(Role.ASSISTANT, List.of(new Content.ToolUse("t1", "read_file", "{\"path\":\"notes.txt\"}"))))
                .message(new Message(Role.USER, List.of(Content.ToolResult.text("t1", "the " + BLOCKED_WORD + " plan", false))))
                .guardrail(LATEST_INPUT).build();

        ChatResponse response = model.chat(request);

        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.text()).isEqualTo(EchoModel.NO_TEXT_ANSWER);
        assertThat(lastBody().at("/messages/0/content")).isEqualTo(json(
                "[{\"guardContent\":{\"text\":{\"text\":\"Summarise notes.txt\"}}}]"));
        assertThat(lastBody().at("/messages/2/content/0/toolResult/content/0/text").asText())
                .isEqualTo("the " + BLOCKED_WORD + " plan");
    }

    @Test
    void theLatestInputScopeIsRefusedBeforeSendingThroughInvokeModel() {
        int calls = callCount();
        for (String modelId : List.of(HAIKU_3, TITAN)) {
            ChatRequest request = ChatRequest.builder(modelId).user("Tell me a joke").guardrail(LATEST_INPUT).build();

            for (Runnable call : List.<Runnable>of(() -> invoking.chat(request), () -> invoking.stream(request, e -> { }))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
                    assertThat(e.getMessage()).contains("latest user input").contains("Converse only");
                    assertThat(e.hint()).contains("--api converse");
                });
            }
        }
        assertThat(callCount()).isEqualTo(calls);
    }
}

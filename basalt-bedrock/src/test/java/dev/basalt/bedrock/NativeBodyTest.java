package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.bedrock.internal.NativeBody;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.DocumentFormat;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Guardrail;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.ToolSpec;
import dev.basalt.core.Usage;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.RecordedCall;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.ScriptedModel;
import dev.basalt.emulator.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * InvokeModel and InvokeModelWithResponseStream with each family's native body, through the real SDK
 * against the emulator (which answers them as Bedrock does): the bodies sent, the answers read back
 * as the same text, tool calls, reasoning, stop reasons and usage as Converse gives, the routing
 * rule, refusals before sending, and the recoveries on this path.
 */
class NativeBodyTest extends EmulatedBedrock {

    private static final String TITAN = "amazon.titan-text-express-v1";
    private static final String LLAMA = "meta.llama3-8b-instruct-v1:0";
    private static final String MISTRAL = "mistral.mistral-7b-instruct-v0:2";
    private static final ToolSpec READ_FILE = new ToolSpec("read_file", "Reads a file",
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}");

    private static BedrockChatModel invoking;
    private static BedrockChatModel conversing;

    @BeforeAll
    static void startModels() {
        invoking = BedrockChatModel.builder().region("us-east-1").endpoint(emulator.endpoint()).credentials(KEY_ID, SECRET)
                .api(BedrockApi.INVOKE).build();
        conversing = BedrockChatModel.builder().region("us-east-1").endpoint(emulator.endpoint()).credentials(KEY_ID, SECRET)
                .api(BedrockApi.CONVERSE).build();
    }

    @AfterAll
    static void closeModels() {
        invoking.close();
        conversing.close();
    }

    @AfterEach
    void noFaults() {
        emulator.faults(List.of());
    }

    // --- Anthropic Messages ---

    @Test
    void claudeAnswersThroughInvokeModelWithTheMessagesBody() {
        answer(request -> new ModelReply(List.of(new ReplyBlock.Text(List.of("Hel", "lo"))), "end_turn",
                new TokenUsage(12, 30, 100, 50)));

        ChatResponse response = invoking.chat(ChatRequest.builder(HAIKU_3).system("Be brief.").user("Hi")
                .inference(new InferenceConfig(200, 0.5, 0.9, List.of("END"))).build());

        assertThat(response.text()).isEqualTo("Hello");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(new Usage(12, 30, 100, 50));
        assertThat(response.modelId()).isEqualTo(HAIKU_3);
        assertThat(response.costUsd().orElseThrow())
                .isCloseTo(ModelCatalog.bundled().find(HAIKU_3).orElseThrow().pricing().cost(response.usage()), within(1e-12));
        assertThat(lastCall().operation()).isEqualTo("InvokeModel");
        assertThat(lastCall().header("content-type")).isEqualTo("application/json");
        assertThat(lastBody()).isEqualTo(json("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":200,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}],"
                + "\"temperature\":0.5,\"top_p\":0.9,\"stop_sequences\":[\"END\"]}"));
    }

    @Test
    void withoutMaxTokensClaudeIsAskedForAtMost4096() {
        invoking.chat(ChatRequest.builder(SONNET).user("Hi").build());
        assertThat(lastBody().path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(lastBody().has("temperature")).isFalse();
    }

    @Test
    void claudeStreamsThroughInvokeModelWithResponseStreamAsCoreEvents() {
        answer(request -> new ModelReply(List.of(new ReplyBlock.Text(List.of("Hel", "lo"))), "end_turn",
                new TokenUsage(12, 30, 100, 50)));
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        ChatResponse streamed = invoking.stream(ChatRequest.builder(HAIKU_3).user("Hi").build(), events::add);

        assertThat(lastCall().operation()).isEqualTo("InvokeModelWithResponseStream");
        assertThat(events.subList(0, events.size() - 1)).containsExactly(new StreamEvent.MessageStart(Role.ASSISTANT),
                new StreamEvent.TextDelta(0, "Hel"), new StreamEvent.TextDelta(0, "lo"), new StreamEvent.BlockStop(0),
                new StreamEvent.MessageStop(StopReason.END_TURN));
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(StreamEvent.Metadata.class,
                m -> assertThat(m.usage()).isEqualTo(new Usage(12, 30, 100, 50)));
        assertThat(streamed.text()).isEqualTo("Hello");
        assertThat(streamed.usage()).isEqualTo(new Usage(12, 30, 100, 50));
        assertThat(streamed.costUsd()).isPresent();
    }

    @Test
    void aToolCallAndItsResultRoundTripThroughTheMessagesBody() {
        answer(ScriptedModel.of(List.of(
                new ModelReply(List.of(ReplyBlock.Text.of("Let me look."),
                        new ReplyBlock.ToolUse("tooluse_1", "read_file", List.of("{\"path\":", "\"notes.txt\"}"))),
                        "tool_use", TokenUsage.of(20, 10)),
                ModelReply.text(List.of("It ", "says ", "hi."), "end_turn", 40, 3))));
        ChatRequest first = ChatRequest.builder(HAIKU_3).user("What is in notes.txt?").tool(READ_FILE).build();
        List<StreamEvent> events = new ArrayList<>();

        ChatResponse call = invoking.stream(first, events::add);

        assertThat(call.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(call.message().content()).containsExactly(new Content.Text("Let me look."),
                new Content.ToolUse("tooluse_1", "read_file", "{\"path\":\"notes.txt\"}"));
        assertThat(events).contains(new StreamEvent.ToolUseStart(1, "tooluse_1", "read_file"),
                new StreamEvent.ToolInputDelta(1, "{\"path\":"), new StreamEvent.ToolInputDelta(1, "\"notes.txt\"}"));
        JsonNode sent = lastBody();
        assertThat(sent.path("tools")).isEqualTo(json("[{\"name\":\"read_file\",\"description\":\"Reads a file\","
                + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}}]"));
        assertThat(sent.path("tool_choice")).isEqualTo(json("{\"type\":\"auto\"}"));

        ChatResponse answer = invoking.chat(ChatRequest.builder(HAIKU_3).messages(first.messages()).message(call.message())
                .message(new Message(Role.USER, List.of(Content.ToolResult.text("tooluse_1", "no such file", true))))
                .tool(READ_FILE).build());

        assertThat(answer.text()).isEqualTo("It says hi.");
        assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(answer.usage()).isEqualTo(new Usage(40, 3, 0, 0));
        JsonNode messages = lastBody().path("messages");
        assertThat(messages.path(1)).isEqualTo(json("{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"Let me look.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"tooluse_1\",\"name\":\"read_file\",\"input\":{\"path\":\"notes.txt\"}}]}"));
        assertThat(messages.path(2)).isEqualTo(json("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"tooluse_1\",\"content\":[{\"type\":\"text\",\"text\":\"no such file\"}],\"is_error\":true}]}"));
    }

    @Test
    void chatReadsAToolCallFromTheAnswerBody() {
        answer(request -> new ModelReply(List.of(new ReplyBlock.ToolUse("tooluse_9", "read_file", List.of("{\"path\":\"a\"}"))),
                "tool_use", TokenUsage.of(5, 5)));

        ChatResponse response = invoking.chat(ChatRequest.builder(HAIKU_3).user("read a").tool(READ_FILE).build());

        assertThat(response.message().content()).containsExactly(new Content.ToolUse("tooluse_9", "read_file", "{\"path\":\"a\"}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    }

    @Test
    void thinkingGoesOutInClaudesFormatAndComesBackWithItsSignatureStreamedOrNot() {
        ModelReply thoughtful = new ModelReply(List.of(new ReplyBlock.Reasoning(List.of("thin", "king"), "sig-1"),
                new ReplyBlock.Text(List.of("Hel", "lo"))), "end_turn", TokenUsage.of(12, 30));
        answer(request -> thoughtful);
        ChatRequest first = ChatRequest.builder(SONNET).user("Think first").thinking(2048).maxTokens(8000).build();
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        ChatResponse streamed = invoking.stream(first, events::add);

        assertThat(lastBody().path("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(lastBody().path("max_tokens").asInt()).isEqualTo(8000);
        assertThat(events).filteredOn(StreamEvent.ReasoningDelta.class::isInstance)
                .extracting(e -> ((StreamEvent.ReasoningDelta) e).text(), e -> ((StreamEvent.ReasoningDelta) e).signature())
                .containsExactly(Tuple.tuple("thin", null), Tuple.tuple("king", null), Tuple.tuple(null, "sig-1"));
        assertThat(streamed.message().content()).containsExactly(new Content.Reasoning("thinking", "sig-1"), new Content.Text("Hello"));

        ChatResponse answered = invoking.chat(first);
        assertThat(answered.message().content()).isEqualTo(streamed.message().content());

        invoking.chat(ChatRequest.builder(SONNET).messages(first.messages()).message(answered.message()).user("Again")
                .thinking(2048).maxTokens(8000).build());
        assertThat(lastBody().at("/messages/1/content/0"))
                .isEqualTo(json("{\"type\":\"thinking\",\"thinking\":\"thinking\",\"signature\":\"sig-1\"}"));
    }

    @Test
    void redactedThinkingComesBackAsItsBytesAndGoesBackUnchanged() {
        byte[] secret = {1, 2, 3, (byte) 0xFF};
        answer(request -> new ModelReply(List.of(new ReplyBlock.RedactedReasoning(secret), ReplyBlock.Text.of("Done.")),
                "end_turn", TokenUsage.of(5, 5)));
        ChatRequest first = ChatRequest.builder(SONNET).user("Think").thinking(2048).maxTokens(8000).build();
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        ChatResponse streamed = invoking.stream(first, events::add);
        ChatResponse answered = invoking.chat(first);

        assertThat(events).contains(new StreamEvent.RedactedReasoningDelta(0, secret));
        assertThat(streamed.message().content()).containsExactly(new Content.RedactedReasoning(secret), new Content.Text("Done."));
        assertThat(answered.message().content()).isEqualTo(streamed.message().content());

        invoking.chat(ChatRequest.builder(SONNET).messages(first.messages()).message(answered.message()).user("Again")
                .thinking(2048).maxTokens(8000).build());
        assertThat(lastBody().at("/messages/1/content/0")).isEqualTo(json("{\"type\":\"redacted_thinking\",\"data\":\""
                + Base64.getEncoder().encodeToString(secret) + "\"}"));
    }

    @Test
    void aGuardrailGoesInTheInvokeModelHeaders() {
        invoking.chat(ChatRequest.builder(HAIKU_3).user("hello").guardrail(Guardrail.of(GUARDRAIL_ID, GUARDRAIL_VERSION).withTrace(true))
                .build());

        assertThat(lastCall().header("X-Amzn-Bedrock-GuardrailIdentifier")).isEqualTo(GUARDRAIL_ID);
        assertThat(lastCall().header("X-Amzn-Bedrock-GuardrailVersion")).isEqualTo(GUARDRAIL_VERSION);
        assertThat(lastCall().header("X-Amzn-Bedrock-Trace")).isEqualTo("ENABLED");
        assertThat(lastBody().has("guardrailConfig")).isFalse();
    }

    @Test
    void promptCachingMarksTheSystemPromptTheToolsAndTheLastUserTurnWithCacheControl() {
        invoking.chat(ChatRequest.builder(SONNET).system("You are terse.").user("Hi").tool(READ_FILE).promptCaching(true).build());

        JsonNode body = lastBody();
        JsonNode ephemeral = json("{\"type\":\"ephemeral\"}");
        assertThat(body.at("/system/0/cache_control")).isEqualTo(ephemeral);
        assertThat(body.at("/tools/0/cache_control")).isEqualTo(ephemeral);
        assertThat(body.at("/messages/0/content/0/cache_control")).isEqualTo(ephemeral);
        assertThat(body.findValues("cache_control")).hasSize(3);
    }

    @Test
    void imagesAndTextDocumentsGoAsAnthropicBlocks() {
        byte[] png = png(2, 2);
        invoking.chat(ChatRequest.builder(HAIKU_3).message(new Message(Role.USER, List.of(Content.Image.of("cat.png", png),
                new Content.Document("notes.md", DocumentFormat.MD, "# Notes".getBytes(StandardCharsets.UTF_8)),
                new Content.Text("What are these?")))).build());

        JsonNode content = lastBody().at("/messages/0/content");
        assertThat(content.path(0)).isEqualTo(json("{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"image/png\",\"data\":\"" + Base64.getEncoder().encodeToString(png) + "\"}}"));
        assertThat(content.path(1)).isEqualTo(json("{\"type\":\"document\",\"source\":{\"type\":\"text\","
                + "\"media_type\":\"text/plain\",\"data\":\"# Notes\"},\"title\":\"notes.md\"}"));
    }

    @Test
    void jsonOutputIsAForcedToolAndComesBackAsText() {
        answer(request -> new ModelReply(List.of(new ReplyBlock.ToolUse("tooluse_0", "answer", List.of("{\"n\":", "1}"))),
                "tool_use", TokenUsage.of(5, 5)));

        ChatResponse response = invoking.chat(ChatRequest.builder(HAIKU_3).user("one").jsonOutput("{\"type\":\"object\"}").build());

        assertThat(lastBody().path("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"answer\"}"));
        assertThat(response.text()).isEqualTo("{\"n\":1}");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    // --- Titan Text ---

    @Test
    void titanTextAnswersThroughItsBodyWithTheCountsItReports() {
        answer(request -> ModelReply.text(List.of("Hi ", "there"), "end_turn", 5, 2));

        ChatResponse response = invoking.chat(ChatRequest.builder(TITAN).user("hello")
                .inference(new InferenceConfig(100, 0.5, null, List.of())).build());

        assertThat(lastCall().operation()).isEqualTo("InvokeModel");
        assertThat(lastBody()).isEqualTo(json("{\"inputText\":\"hello\",\"textGenerationConfig\":{\"maxTokenCount\":100,"
                + "\"temperature\":0.5}}"));
        assertThat(response.text()).isEqualTo("Hi there");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(new Usage(5, 2, 0, 0));
        assertThat(response.costUsd().orElseThrow()).isCloseTo(5 * 0.2e-6 + 2 * 0.6e-6, within(1e-12));
    }

    @Test
    void titanTextStreamsItsOutputTextAsDeltas() {
        answer(request -> ModelReply.text(List.of("Hi ", "there"), "max_tokens", 5, 2));
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        ChatResponse streamed = invoking.stream(ChatRequest.builder(TITAN).user("hello").build(), events::add);

        assertThat(lastCall().operation()).isEqualTo("InvokeModelWithResponseStream");
        assertThat(events.subList(0, events.size() - 1)).containsExactly(new StreamEvent.MessageStart(Role.ASSISTANT),
                new StreamEvent.TextDelta(0, "Hi "), new StreamEvent.TextDelta(0, "there"), new StreamEvent.BlockStop(0),
                new StreamEvent.MessageStop(StopReason.MAX_TOKENS));
        assertThat(streamed.text()).isEqualTo("Hi there");
        assertThat(streamed.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(streamed.usage()).isEqualTo(new Usage(5, 2, 0, 0));
    }

    @Test
    void titanGetsTheSystemPromptAndTheConversationAsUserAndBotLines() {
        invoking.chat(ChatRequest.builder(TITAN).system("Be brief.").user("hello").message(Message.assistant("Hi."))
                .user("again").build());

        assertThat(lastBody().path("inputText").asText()).isEqualTo("Be brief.\n\nUser: hello\nBot: Hi.\nUser: again\nBot:");
        assertThat(lastBody().has("textGenerationConfig")).isFalse();
    }

    // --- Llama 3 ---

    @Test
    void llamaGetsItsHeaderPromptAndAnswersWithItsStopReasonAndCounts() {
        answer(request -> ModelReply.text(List.of("Hello ", "there"), "max_tokens", 9, 4));

        ChatResponse response = invoking.chat(ChatRequest.builder(LLAMA).system("Be kind.").user("hello llama")
                .inference(new InferenceConfig(512, 0.2, 0.9, List.of())).build());

        assertThat(lastBody()).isEqualTo(json("{\"prompt\":\"<|begin_of_text|><|start_header_id|>system<|end_header_id|>\\n\\n"
                + "Be kind.<|eot_id|><|start_header_id|>user<|end_header_id|>\\n\\nhello llama<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\\n\\n\",\"max_gen_len\":512,\"temperature\":0.2,\"top_p\":0.9}"));
        assertThat(response.text()).isEqualTo("Hello there");
        assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(response.usage()).isEqualTo(new Usage(9, 4, 0, 0));
        assertThat(response.costUsd()).isPresent();
    }

    @Test
    void llamaStreamsItsGenerationAsDeltas() {
        answer(request -> ModelReply.text(List.of("Hello ", "there"), "end_turn", 9, 4));
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        ChatResponse streamed = invoking.stream(ChatRequest.builder(LLAMA).user("hello llama").message(Message.assistant("Hi."))
                .user("again").build(), events::add);

        assertThat(lastBody().path("prompt").asText()).isEqualTo("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
                + "hello llama<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHi.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nagain<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
        assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance)
                .containsExactly(new StreamEvent.TextDelta(0, "Hello "), new StreamEvent.TextDelta(0, "there"));
        assertThat(streamed.text()).isEqualTo("Hello there");
        assertThat(streamed.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(streamed.usage()).isEqualTo(new Usage(9, 4, 0, 0));
    }

    // --- Mistral ---

    @Test
    void mistralGetsItsInstructionPromptAndItsCountsFromBedrock() {
        answer(request -> ModelReply.text(List.of("Sure ", "thing"), "end_turn", 7, 3));

        ChatResponse response = invoking.chat(ChatRequest.builder(MISTRAL).system("Be brief.").user("hello mistral")
                .inference(new InferenceConfig(64, null, null, List.of("END"))).build());

        assertThat(lastBody()).isEqualTo(json("{\"prompt\":\"<s>[INST] Be brief.\\n\\nhello mistral [/INST]\","
                + "\"max_tokens\":64,\"stop\":[\"END\"]}"));
        assertThat(response.text()).isEqualTo("Sure thing");
        assertThat(response.usage()).isEqualTo(new Usage(7, 3, 0, 0));   // from the token-count headers

        ChatResponse streamed = invoking.stream(ChatRequest.builder(MISTRAL).user("hello mistral").build(), e -> { });
        assertThat(streamed.text()).isEqualTo("Sure thing");
        assertThat(streamed.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(streamed.usage()).isEqualTo(new Usage(7, 3, 0, 0));   // from the invocation metrics
    }

    // --- what a family cannot express: refused before sending ---

    @Test
    void toolsForTitanAreRefusedBeforeSending() {
        assertRefused(() -> invoking.chat(ChatRequest.builder(TITAN).user("x").tool(READ_FILE).build()),
                "the Titan Text body carries text only, and the request offers tools "
                        + "(drop the tools, or use a model with tools, e.g. sonnet)");
    }

    @Test
    void anImageForLlamaIsRefusedBeforeSendingNamingTheFile() {
        assertRefused(() -> invoking.stream(ChatRequest.builder(LLAMA).message(new Message(Role.USER,
                List.of(Content.Image.of("cat.png", png(2, 2)), new Content.Text("what is it?")))).build(), e -> { }),
                "the Llama body carries text only, and message 1 holds an image (cat.png) "
                        + "(send text only to Llama 3 8B Instruct, or use a model that reads it through Converse, e.g. sonnet)");
    }

    @Test
    void stopSequencesForLlamaAreRefusedBeforeSending() {
        assertRefused(() -> invoking.chat(ChatRequest.builder(LLAMA).user("x")
                .inference(new InferenceConfig(null, null, null, List.of("END"))).build()),
                "the Llama body takes no stop sequences (drop the stop sequences for Llama 3 8B Instruct)");
    }

    @Test
    void toolsForAMistralModelThatHasThemOnConversePointThere() {
        assertRefused(() -> invoking.chat(ChatRequest.builder("mistral.mistral-large-2402-v1:0").user("x").tool(READ_FILE).build()),
                "the Mistral body carries text only, and the request offers tools "
                        + "(use --api converse, which can send Mistral Large (24.02) tools)");
    }

    @Test
    void anOfficeDocumentForClaudesNativeBodyIsRefused() {
        assertRefused(() -> invoking.chat(ChatRequest.builder(HAIKU_3).message(new Message(Role.USER, List.of(
                new Content.Document("plan.docx", DocumentFormat.DOCX, new byte[] {1, 2, 3}), new Content.Text("read"))))
                .build()),
                "plan.docx is a docx document; the Anthropic Messages body takes PDF and text documents only "
                        + "(convert it to PDF, or use --api converse, which sends Office documents)");
    }

    @Test
    void aFamilyWithoutANativeBodyIsRefusedUnderInvoke() {
        assertRefused(() -> invoking.chat(ChatRequest.builder("amazon.nova-pro-v1:0").user("x").build()),
                "Basalt has no native InvokeModel body for Amazon Nova Pro; it writes those of " + NativeBody.FAMILIES
                        + " (use --api converse or auto for this model)");
    }

    private static void assertRefused(Runnable call, String message) {
        int before = callCount();
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
            assertThat(e.userMessage()).isEqualTo(message);
        });
        assertThat(callCount()).isEqualTo(before);
    }

    // --- routing ---

    @Test
    void autoSendsTheCatalogsInvokeModelsTheirNativeBodyAndTheRestConverse() {
        model.chat(ChatRequest.builder(TITAN).user("hello").build());
        assertThat(lastCall().operation()).isEqualTo("InvokeModel");
        model.stream(ChatRequest.builder(TITAN).user("hello").build(), e -> { });
        assertThat(lastCall().operation()).isEqualTo("InvokeModelWithResponseStream");

        model.chat(ChatRequest.builder(HAIKU_3).user("hello").build());
        assertThat(lastCall().operation()).isEqualTo("Converse");
        model.chat(ChatRequest.builder(LLAMA).user("hello").build());
        assertThat(lastCall().operation()).isEqualTo("Converse");
    }

    @Test
    void converseOverridesTheCatalog() {
        conversing.stream(ChatRequest.builder(TITAN).user("hello").build(), e -> { });
        assertThat(lastCall().operation()).isEqualTo("ConverseStream");
    }

    @Test
    void everyModelTheCatalogSendsNativeBodiesHasOne() {
        assertThat(ModelCatalog.bundled().models()).filteredOn(m -> m.api() == BedrockApi.INVOKE).isNotEmpty()
                .allSatisfy(m -> assertThat(NativeBody.of(m.id())).as(m.id()).isPresent());
    }

    @Test
    void theApiIsNamedInAnyCase() {
        assertThat(BedrockApi.fromName("Invoke")).contains(BedrockApi.INVOKE);
        assertThat(BedrockApi.fromName(" converse ")).contains(BedrockApi.CONVERSE);
        assertThat(BedrockApi.fromName("native")).isEmpty();
    }

    // --- the recoveries, on this path too ---

    @Test
    void aPlainIdThatNeedsAProfileIsRetriedWithTheRegionsProfile() {
        int before = callCount();
        try (BedrockChatModel eu = inRegion("eu-west-1").build()) {
            ChatResponse response = eu.chat(ChatRequest.builder("anthropic.claude-sonnet-4-5-20250929-v1:0").user("hello").build());

            assertThat(response.text()).isEqualTo("hello");
            assertThat(response.modelId()).isEqualTo("eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
            assertThat(callsSince(before)).extracting(RecordedCall::operation, RecordedCall::status)
                    .containsExactly(Tuple.tuple("InvokeModel", 400), Tuple.tuple("InvokeModel", 200));
        }
    }

    @Test
    void aStreamThatBreaksBeforeAnyOutputIsSentAgain() {
        emulator.faults(List.of(FaultRule.first(1, new Fault.StreamException(1, "throttlingException", "slow down"))));
        int before = callCount();
        List<StreamEvent> events = new ArrayList<>();

        ChatResponse response = invoking.stream(ChatRequest.builder(HAIKU_3).user("one two three").build(), events::add);

        assertThat(response.text()).isEqualTo("one two three");
        assertThat(callsSince(before)).hasSize(2);
        assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance).hasSize(3);
    }

    @Test
    void aStreamThatBreaksAfterOutputIsNeverReplayed() {
        emulator.faults(List.of(FaultRule.first(1, new Fault.StreamException(4, "modelStreamErrorException", "broke"))));
        int before = callCount();
        StringBuilder shown = new StringBuilder();

        assertThatThrownBy(() -> invoking.stream(ChatRequest.builder(TITAN).user("one two three four five").build(), event -> {
            if (event instanceof StreamEvent.TextDelta delta) {
                shown.append(delta.text());
            }
        })).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.STREAM_BROKEN);
            assertThat(e.getMessage()).contains("broke off after");
        });
        assertThat(shown.toString()).isEqualTo("one two three four ");
        assertThat(callsSince(before)).hasSize(1);
    }

    @Test
    void throttlingThatOutlastsTheSdksRetriesMovesToTheFallbackRegion() {
        emulator.faults(List.of(FaultRule.first(4, new Fault.Throttle())));
        int before = callCount();
        try (BedrockChatModel model = inRegion("us-east-1").fallbackRegions(List.of("us-west-2")).build()) {
            ChatResponse response = model.chat(ChatRequest.builder(HAIKU_3).user("hello").build());

            assertThat(response.text()).isEqualTo("hello");
            List<RecordedCall> calls = callsSince(before);
            assertThat(calls).extracting(RecordedCall::status).containsExactly(429, 429, 429, 429, 200);
            assertThat(calls).extracting(RecordedCall::operation).containsOnly("InvokeModel");
            assertThat(calls.get(4).header("authorization")).contains("/us-west-2/bedrock/");
        }
    }

    @Test
    void bedrocksErrorsAreMappedAsOnConverse() {
        emulator.faults(List.of(FaultRule.first(1, new Fault.Error(403, "AccessDeniedException",
                "You don't have access to the model with the specified model ID."))));

        assertThatThrownBy(() -> invoking.chat(ChatRequest.builder(HAIKU_3).user("hello").build()))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
    }

    private static BedrockChatModel.Builder inRegion(String region) {
        return BedrockChatModel.builder().region(region).endpoint(emulator.endpoint()).credentials(KEY_ID, SECRET)
                .api(BedrockApi.INVOKE);
    }

    private static List<RecordedCall> callsSince(int before) {
        List<RecordedCall> calls = emulator.recordedCalls();
        return calls.subList(before, calls.size());
    }
}

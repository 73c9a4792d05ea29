package dev.basalt.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;
import dev.basalt.core.InferenceConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

class ConverseMappersTest {

    @Test
    void requestCarriesSystemHistoryToolsAndOnlyTheSettingsGiven() {
        ChatRequest request = ChatRequest.builder("anthropic.claude-3-haiku-20240307-v1:0")
                .system("be brief")
                .user("weather?")
                .message(new Message(Role.ASSISTANT, List.of(new Content.ToolUse("tu1", "get_weather", "{\"city\":\"Paris\"}"))))
                .message(new Message(Role.USER, List.of(Content.ToolResult.text("tu1", "rain", true))))
                .tool(new ToolSpec("get_weather", "Weather by city", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
                .toolChoice(new ToolChoice.Named("get_weather"))
                .maxTokens(100)
                .build();

        ConverseRequest mapped = ConverseRequestMapper.converse(request);

        assertThat(mapped.modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(mapped.system()).singleElement().satisfies(s -> assertThat(s.text()).isEqualTo("be brief"));
        assertThat(mapped.messages()).extracting(m -> m.role()).containsExactly(
                ConversationRole.USER, ConversationRole.ASSISTANT, ConversationRole.USER);
        ToolUseBlock use = mapped.messages().get(1).content().get(0).toolUse();
        assertThat(use.input().asMap().get("city").asString()).isEqualTo("Paris");
        assertThat(mapped.messages().get(2).content().get(0).toolResult().status()).isEqualTo(ToolResultStatus.ERROR);
        assertThat(mapped.toolConfig().toolChoice().tool().name()).isEqualTo("get_weather");
        assertThat(mapped.toolConfig().tools().get(0).toolSpec().inputSchema().json().asMap()).containsKey("properties");
        assertThat(mapped.inferenceConfig().maxTokens()).isEqualTo(100);
        assertThat(mapped.inferenceConfig().temperature()).isNull();
    }

    @Test
    void defaultSettingsSendNoInferenceConfig() {
        ConverseRequest mapped = ConverseRequestMapper.converse(ChatRequest.builder("m").user("hi").build());

        assertThat(mapped.inferenceConfig()).isNull();
        assertThat(mapped.toolConfig()).isNull();
        assertThat(mapped.hasSystem()).isFalse();
    }

    @Test
    void responseKeepsToolInputAsJsonTextAndUsage() {
        ConverseResponse response = ConverseResponse.builder()
                .output(ConverseOutput.fromMessage(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
                        .role(ConversationRole.ASSISTANT)
                        .content(ContentBlock.fromText("Let me check."),
                                ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId("tu9").name("get_weather")
                                        .input(JsonDocuments.parse("{\"city\":\"Oslo\",\"days\":[1,2.5],\"metric\":true,\"note\":null}"))
                                        .build()))
                        .build()))
                .stopReason("tool_use")
                .usage(TokenUsage.builder().inputTokens(12).outputTokens(3).totalTokens(15).cacheReadInputTokens(4).build())
                .build();

        ChatResponse mapped = ConverseResponseMapper.response("m", response);

        assertThat(mapped.text()).isEqualTo("Let me check.");
        assertThat(mapped.message().toolUses()).singleElement().satisfies(use ->
                assertThat(use.inputJson()).isEqualTo("{\"city\":\"Oslo\",\"days\":[1,2.5],\"metric\":true,\"note\":null}"));
        assertThat(mapped.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(mapped.usage().inputTokens()).isEqualTo(12);
        assertThat(mapped.usage().cacheReadTokens()).isEqualTo(4);
    }

    @Test
    void jsonStringsRoundTripWithEscapes() {
        String json = "{\"text\":\"line\\nnext \\\"quoted\\\" tab\\t \\u0001 é\"}";
        Document parsed = JsonDocuments.parse(json);

        assertThat(parsed.asMap().get("text").asString()).isEqualTo("line\nnext \"quoted\" tab\t \u0001 é");
        assertThat(JsonDocuments.parse(JsonDocuments.write(parsed))).isEqualTo(parsed);
    }

    @Test
    void reasoningGoesBackWithItsSignature() {
        ChatRequest request = ChatRequest.builder("m").user("think")
                .message(new Message(Role.ASSISTANT, List.of(new Content.Reasoning("first, ...", "sig-abc"), new Content.Text("done"))))
                .user("again")
                .build();

        ConverseRequest mapped = ConverseRequestMapper.converse(request);

        ReasoningTextBlock reasoning = mapped.messages().get(1).content().get(0).reasoningContent().reasoningText();
        assertThat(reasoning.text()).isEqualTo("first, ...");
        assertThat(reasoning.signature()).isEqualTo("sig-abc");
        assertThat(mapped.messages().get(1).content().get(1).text()).isEqualTo("done");
    }

    @Test
    void toolResultsCarryTheirTextAndSuccessStatus() {
        ChatRequest request = ChatRequest.builder("m").user("x")
                .message(new Message(Role.ASSISTANT, List.of(new Content.ToolUse("tu1", "t", "{}"))))
                .message(new Message(Role.USER, List.of(new Content.ToolResult("tu1",
                        List.of(new Content.Text("line 1")), false))))
                .build();

        var result = ConverseRequestMapper.converse(request).messages().get(2).content().get(0).toolResult();

        assertThat(result.toolUseId()).isEqualTo("tu1");
        assertThat(result.status()).isEqualTo(ToolResultStatus.SUCCESS);
        assertThat(result.content()).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo("line 1"));
    }

    @Test
    void toolChoiceAutoAndAnyAndEveryInferenceSetting() {
        ChatRequest.Builder base = ChatRequest.builder("m").user("x").tool(new ToolSpec("t", "", null))
                .inference(new InferenceConfig(256, 0.2, 0.9, List.of("STOP")));

        ConverseRequest auto = ConverseRequestMapper.converse(base.build());
        ConverseRequest any = ConverseRequestMapper.converse(base.toolChoice(ToolChoice.ANY).build());

        assertThat(auto.toolConfig().toolChoice().auto()).isNotNull();
        assertThat(any.toolConfig().toolChoice().any()).isNotNull();
        assertThat(auto.toolConfig().tools().get(0).toolSpec().description()).isNull();
        assertThat(auto.inferenceConfig().maxTokens()).isEqualTo(256);
        assertThat(auto.inferenceConfig().temperature()).isEqualTo(0.2f);
        assertThat(auto.inferenceConfig().topP()).isEqualTo(0.9f);
        assertThat(auto.inferenceConfig().stopSequences()).containsExactly("STOP");
    }

    @Test
    void streamRequestCarriesTheSameMembersAsConverse() {
        ChatRequest request = ChatRequest.builder("us.anthropic.claude-sonnet-4-20250514-v1:0").system("s1").system("s2")
                .user("hi").tool(new ToolSpec("t", "d", null)).maxTokens(5).build();

        ConverseRequest converse = ConverseRequestMapper.converse(request);
        ConverseStreamRequest stream = ConverseRequestMapper.converseStream(request);

        assertThat(stream.modelId()).isEqualTo(converse.modelId());
        assertThat(stream.system()).isEqualTo(converse.system()).hasSize(2);
        assertThat(stream.messages()).isEqualTo(converse.messages());
        assertThat(stream.toolConfig()).isEqualTo(converse.toolConfig());
        assertThat(stream.inferenceConfig()).isEqualTo(converse.inferenceConfig());
    }

    @Test
    void aToolSchemaThatIsNotJsonFailsBeforeTheCall() {
        ChatRequest request = ChatRequest.builder("m").user("x").tool(new ToolSpec("t", "d", "{\"type\": ")).build();

        assertThatThrownBy(() -> ConverseRequestMapper.converse(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void responseKeepsReasoningAndCountsCacheWrites() {
        ConverseResponse response = ConverseResponse.builder()
                .output(ConverseOutput.fromMessage(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
                        .role(ConversationRole.ASSISTANT)
                        .content(ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(
                                        ReasoningTextBlock.builder().text("hmm").signature("s").build())),
                                ContentBlock.fromText("Answer."))
                        .build()))
                .stopReason("max_tokens")
                .usage(TokenUsage.builder().inputTokens(1).outputTokens(2).totalTokens(10).cacheWriteInputTokens(7).build())
                .metrics(m -> m.latencyMs(99L))
                .build();

        ChatResponse mapped = ConverseResponseMapper.response("m", response);

        assertThat(mapped.message().content()).containsExactly(new Content.Reasoning("hmm", "s"), new Content.Text("Answer."));
        assertThat(mapped.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(mapped.usage().cacheWriteTokens()).isEqualTo(7);
        assertThat(mapped.latencyMs()).isEqualTo(99);
    }

    @Test
    void nestedToolInputRoundTripsThroughDocuments() {
        String json = "{\"a\":{\"b\":[{\"c\":-1.5e3},[],{}],\"big\":12345678901234567890,\"u\":\"\u00e9\u4e2d\"},\"e\":\"\"}";

        String written = JsonDocuments.write(JsonDocuments.parse(json));

        assertThat(JsonDocuments.parse(written)).isEqualTo(JsonDocuments.parse(json));
        assertThat(written).contains("\"big\":12345678901234567890").contains("[]").contains("{}");
    }

    @Test
    void aModelTheCatalogDoesNotKnowIsSentWithoutTheChecksThatNeedIt() {
        ChatRequest request = ChatRequest.builder("anthropic.claude-next-v9:0").user("hi").maxTokens(500_000)
                .promptCaching(true).system("s").build();

        ConverseRequest mapped = ConverseRequestMapper.converse(request, null);

        assertThat(mapped.inferenceConfig().maxTokens()).isEqualTo(500_000);
        assertThat(mapped.system()).hasSize(1);   // no cache point: caching needs the catalog's word
    }

    @Test
    void anUnknownClaudeMayThinkButAnUnknownOtherModelMayNot() {
        ChatRequest claude = ChatRequest.builder("anthropic.claude-next-v9:0").user("hi").thinking(2048).maxTokens(4096).build();
        ChatRequest other = ChatRequest.builder("acme.model-v1").user("hi").thinking(2048).maxTokens(4096).build();

        assertThat(ConverseRequestMapper.converse(claude, null).additionalModelRequestFields().asMap()).containsKey("thinking");
        assertThatThrownBy(() -> ConverseRequestMapper.converse(other, null))
                .hasMessage("thinking budgets are sent in Claude's format, and acme.model-v1 is not a Claude model");
    }

    @Test
    void aResponseWithoutTheAnswerToolIsLeftAsItIs() {
        ChatResponse plain = new ChatResponse(Message.assistant("no tool"), StopReason.GUARDRAIL_INTERVENED,
                dev.basalt.core.Usage.ZERO, "m", 0);

        assertThat(SchemaAnswer.unwrap(plain, "answer")).isSameAs(plain);
    }
}

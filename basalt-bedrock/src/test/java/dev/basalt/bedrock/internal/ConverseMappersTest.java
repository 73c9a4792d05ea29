package dev.basalt.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
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
}

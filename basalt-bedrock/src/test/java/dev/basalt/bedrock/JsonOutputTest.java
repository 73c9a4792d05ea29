package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.core.OutputSchema;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** JSON output: a forced tool whose schema is the caller's, answered as JSON text. */
class JsonOutputTest extends EmulatedBedrock {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}},\"required\":[\"city\"]}";

    private static ModelReply answering(String name) {
        return new ModelReply(List.of(new ReplyBlock.ToolUse("tu_1", name, List.of("{\"ci", "ty\":\"Paris\",\"days\":[1,2.5]}"))),
                "tool_use", TokenUsage.of(40, 12));
    }

    @Test
    void theSchemaBecomesAForcedToolAndTheAnswerComesBackAsJsonText() {
        answer(request -> answering("answer"));

        ChatResponse response = model.chat(ChatRequest.builder(SONNET).user("Where is the Louvre?").jsonOutput(SCHEMA).build());

        JsonNode tools = lastBody().path("toolConfig");
        assertThat(tools.at("/tools/0/toolSpec/name").asText()).isEqualTo("answer");
        assertThat(tools.at("/tools/0/toolSpec/inputSchema/json")).isEqualTo(json(SCHEMA));
        assertThat(tools.path("toolChoice")).isEqualTo(json("{\"tool\":{\"name\":\"answer\"}}"));
        assertThat(response.text()).isEqualTo("{\"city\":\"Paris\",\"days\":[1,2.5]}");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.message().toolUses()).isEmpty();
        JsonAnswer parsed = JsonAnswer.of(response);
        assertThat(parsed.string("city")).isEqualTo("Paris");
        assertThat(parsed.number("days", "1")).isEqualByComparingTo(new BigDecimal("2.5"));
    }

    @Test
    void aStreamedAnswerArrivesAsTextDeltasOfTheJson() {
        answer(request -> answering("answer"));
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        ChatResponse response = model.stream(ChatRequest.builder(SONNET).user("Where?").jsonOutput(SCHEMA).build(), events::add);

        assertThat(events).noneMatch(e -> e instanceof StreamEvent.ToolUseStart || e instanceof StreamEvent.ToolInputDelta);
        assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance)
                .extracting(e -> ((StreamEvent.TextDelta) e).text())
                .containsExactly("{\"ci", "ty\":\"Paris\",\"days\":[1,2.5]}");
        assertThat(events).contains(new StreamEvent.MessageStop(StopReason.END_TURN));
        assertThat(response.message().content()).containsExactly(new Content.Text("{\"city\":\"Paris\",\"days\":[1,2.5]}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void theCallersToolsStayOfferedBesideTheAnswerTool() {
        answer(request -> answering("weather_report"));

        ChatResponse response = model.chat(ChatRequest.builder(SONNET).user("Weather?")
                .tool(new ToolSpec("get_weather", "Weather by city", null))
                .outputSchema(new OutputSchema("weather_report", "The weather report", SCHEMA)).build());

        assertThat(lastBody().at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("get_weather");
        assertThat(lastBody().at("/toolConfig/tools/1/toolSpec/name").asText()).isEqualTo("weather_report");
        assertThat(lastBody().at("/toolConfig/tools/1/toolSpec/description").asText()).isEqualTo("The weather report");
        assertThat(JsonAnswer.of(response).string("city")).isEqualTo("Paris");
    }

    @Test
    void aToolChoiceOrAToolOfTheSameNameIsRefused() {
        ChatRequest forced = ChatRequest.builder(SONNET).user("x").tool(new ToolSpec("t", "", null))
                .toolChoice(ToolChoice.ANY).jsonOutput(SCHEMA).build();
        ChatRequest clash = ChatRequest.builder(SONNET).user("x").tool(new ToolSpec("answer", "", null)).jsonOutput(SCHEMA).build();

        assertThatThrownBy(() -> model.chat(forced)).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
            assertThat(e.userMessage()).isEqualTo("JSON output forces its own tool, so toolChoice cannot be set as well"
                    + " (leave toolChoice at auto)");
        });
        assertThatThrownBy(() -> model.chat(clash)).isInstanceOfSatisfying(ModelException.class, e ->
                assertThat(e.getMessage()).isEqualTo("the output schema's name 'answer' is also the name of a tool"));
    }

    @Test
    void anAnswerCutOffAtMaxTokensIsNotMistakenForJson() {
        answer(request -> new ModelReply(List.of(new ReplyBlock.ToolUse("tu_1", "answer", List.of("{\"city\":\"Par"))),
                "max_tokens", TokenUsage.of(40, 5)));

        ChatResponse response = model.stream(ChatRequest.builder(SONNET).user("x").jsonOutput(SCHEMA).maxTokens(5).build(), e -> { });

        assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThatThrownBy(() -> JsonAnswer.of(response)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the JSON answer was cut off at maxTokens (raise maxTokens)");
    }
}

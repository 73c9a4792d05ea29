package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.ToolSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChatModel} must do, whatever is behind it. Subclasses supply the model (the
 * emulator over each HTTP version today; real Bedrock when credentials are present, later) and the
 * model id; the echo behaviour is what the emulator guarantees.
 */
abstract class ChatModelContract {

    abstract ChatModel model();

    String modelId() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }

    @Test
    void chatAnswersWithTextStopReasonAndUsage() {
        ChatResponse response = model().chat(ChatRequest.builder(modelId()).user("Hello there").build());

        assertThat(response.text()).isEqualTo("Hello there");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.usage().outputTokens()).isPositive();
        assertThat(response.message().role()).isEqualTo(Role.ASSISTANT);
    }

    @Test
    void streamDeliversEventsInOrderAndAssemblesTheSameAnswer() {
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        String prompt = "Streams arrive one small piece at a time";

        ChatResponse response = model().stream(ChatRequest.builder(modelId()).user(prompt).build(), events::add);

        assertThat(response.text()).isEqualTo(prompt);
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage().outputTokens()).isPositive();
        assertThat(events.get(0)).isInstanceOf(StreamEvent.MessageStart.class);
        List<String> deltas = events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .map(e -> ((StreamEvent.TextDelta) e).text()).toList();
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo(prompt);
        int stop = indexOf(events, StreamEvent.MessageStop.class);
        int metadata = indexOf(events, StreamEvent.Metadata.class);
        assertThat(stop).isGreaterThan(events.indexOf(events.stream().filter(StreamEvent.TextDelta.class::isInstance).reduce((a, b) -> b).orElseThrow()));
        assertThat(metadata).isGreaterThan(stop);
    }

    @Test
    void multiTurnHistoryWithAToolRoundTripIsAccepted() {
        ChatRequest request = ChatRequest.builder(modelId())
                .system("You can check the weather.")
                .tool(new ToolSpec("get_weather", "Weather for a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
                .user("Weather in Paris?")
                .message(new Message(Role.ASSISTANT, List.of(new Content.Text("Checking."),
                        new Content.ToolUse("tooluse_1", "get_weather", "{\"city\":\"Paris\"}"))))
                .message(new Message(Role.USER, List.of(Content.ToolResult.text("tooluse_1", "rain, 12 C", false),
                        new Content.Text("And tomorrow?"))))
                .build();

        ChatResponse response = model().stream(request, e -> { });

        assertThat(response.text()).isEqualTo("And tomorrow?");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void aUserMessageHoldingOnlyAToolResultIsAccepted() {
        ChatRequest request = ChatRequest.builder(modelId())
                .tool(new ToolSpec("read_file", "Reads a file", null))
                .user("Read a.txt")
                .message(new Message(Role.ASSISTANT, List.of(
                        new Content.ToolUse("tooluse_2", "read_file", "{\"path\":\"a.txt\",\"lines\":[1,2]}"))))
                .message(new Message(Role.USER, List.of(Content.ToolResult.text("tooluse_2", "no such file", true))))
                .build();

        ChatResponse viaChat = model().chat(request);
        ChatResponse viaStream = model().stream(request, e -> { });

        assertThat(viaChat.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(viaChat.text()).isNotEmpty();
        assertThat(viaStream.text()).isEqualTo(viaChat.text());
    }

    private static int indexOf(List<StreamEvent> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + events);
    }
}

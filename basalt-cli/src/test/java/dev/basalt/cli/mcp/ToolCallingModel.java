package dev.basalt.cli.mcp;

import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import dev.basalt.core.ResponseAssembler;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import dev.basalt.core.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A model that streams scripted answers (tool calls included) and keeps every request it was sent. */
final class ToolCallingModel implements ChatModel {

    final Deque<List<Content>> answers = new ArrayDeque<>();
    final List<ChatRequest> requests = new ArrayList<>();

    ToolCallingModel then(Content... content) {
        answers.add(List.of(content));
        return this;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return stream(request, StreamListener.IGNORE);
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        requests.add(request);
        List<Content> answer = answers.isEmpty() ? List.of(new Content.Text("done")) : answers.poll();
        ResponseAssembler assembler = new ResponseAssembler(request.modelId());
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.MessageStart(Role.ASSISTANT));
        int index = 0;
        boolean tools = false;
        for (Content c : answer) {
            if (c instanceof Content.Text t) {
                events.add(new StreamEvent.TextDelta(index, t.text()));
            } else if (c instanceof Content.ToolUse u) {
                tools = true;
                events.add(new StreamEvent.ToolUseStart(index, u.id(), u.name()));
                events.add(new StreamEvent.ToolInputDelta(index, u.inputJson()));
            }
            events.add(new StreamEvent.BlockStop(index++));
        }
        events.add(new StreamEvent.MessageStop(tools ? StopReason.TOOL_USE : StopReason.END_TURN));
        events.add(new StreamEvent.Metadata(new Usage(10, 5, 0, 0), 1));
        for (StreamEvent e : events) {
            assembler.onEvent(e);
            listener.onEvent(e);
        }
        return assembler.response();
    }

    /** The tool results in the last message of the request the model was sent {@code index}-th. */
    List<Content.ToolResult> resultsSentIn(int index) {
        List<Message> messages = requests.get(index).messages();
        return messages.get(messages.size() - 1).content().stream()
                .filter(Content.ToolResult.class::isInstance).map(Content.ToolResult.class::cast).toList();
    }
}

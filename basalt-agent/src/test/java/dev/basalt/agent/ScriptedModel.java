package dev.basalt.agent;

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

/** A model that plays back scripted answers as stream events and keeps every request it was sent. */
class ScriptedModel implements ChatModel {

    final Deque<Message> answers = new ArrayDeque<>();
    final List<ChatRequest> requests = new ArrayList<>();

    ScriptedModel then(Content... content) {
        answers.add(new Message(Role.ASSISTANT, List.of(content)));
        return this;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return stream(request, StreamListener.IGNORE);
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        requests.add(request);
        Message answer = answers.isEmpty() ? Message.assistant("done") : answers.poll();
        ResponseAssembler assembler = new ResponseAssembler(request.modelId());
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.MessageStart(Role.ASSISTANT));
        int index = 0;
        boolean tools = false;
        for (Content c : answer.content()) {
            if (c instanceof Content.Text t) {
                events.add(new StreamEvent.TextDelta(index, t.text()));
            } else if (c instanceof Content.Reasoning r) {
                events.add(new StreamEvent.ReasoningDelta(index, r.text(), null));
                events.add(new StreamEvent.ReasoningDelta(index, null, r.signature()));
            } else if (c instanceof Content.RedactedReasoning r) {
                events.add(new StreamEvent.RedactedReasoningDelta(index, r.data()));
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

    /** The tool results sent in the request that followed the n-th answer. */
    List<Content.ToolResult> resultsSentIn(int requestIndex) {
        Message last = requests.get(requestIndex).messages().get(requests.get(requestIndex).messages().size() - 1);
        return last.content().stream().filter(Content.ToolResult.class::isInstance).map(Content.ToolResult.class::cast).toList();
    }
}

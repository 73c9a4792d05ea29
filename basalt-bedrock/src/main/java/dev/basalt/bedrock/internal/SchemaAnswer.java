package dev.basalt.bedrock.internal;

import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the call of the forced output tool back into what the caller asked for: the answer as text
 * (the tool input's JSON) and {@link StopReason#END_TURN}. Streams are translated event by event, so a
 * listener sees the JSON arrive as text deltas, and the assembled response and {@code chat()}'s agree.
 * A caller (an agent) therefore never sees a tool call it would try to run.
 */
public final class SchemaAnswer {

    private SchemaAnswer() {
    }

    /** {@code response} with the output tool's call replaced by its input as text. */
    public static ChatResponse unwrap(ChatResponse response, String toolName) {
        List<Content> content = new ArrayList<>();
        boolean answered = false;
        for (Content c : response.message().content()) {
            if (c instanceof Content.ToolUse use && use.name().equals(toolName)) {
                content.add(new Content.Text(use.inputJson()));
                answered = true;
            } else {
                content.add(c);
            }
        }
        if (!answered) {
            return response;
        }
        StopReason reason = response.stopReason() == StopReason.TOOL_USE ? StopReason.END_TURN : response.stopReason();
        return response.withMessage(new Message(response.message().role(), content), reason);
    }

    /** A listener that hands {@code target} the output tool's input as text deltas. Not thread-safe, like a stream. */
    public static StreamListener unwrapping(StreamListener target, String toolName) {
        Set<Integer> answerBlocks = new HashSet<>();
        return event -> {
            if (event instanceof StreamEvent.ToolInputDelta d && answerBlocks.contains(d.index())) {
                target.onEvent(new StreamEvent.TextDelta(d.index(), d.partialJson()));
            } else if (event instanceof StreamEvent.ToolUseStart s && s.name().equals(toolName)) {
                answerBlocks.add(s.index());
            } else if (event instanceof StreamEvent.MessageStop stop && stop.stopReason() == StopReason.TOOL_USE
                    && !answerBlocks.isEmpty()) {
                target.onEvent(new StreamEvent.MessageStop(StopReason.END_TURN));
            } else {
                target.onEvent(event);
            }
        };
    }
}

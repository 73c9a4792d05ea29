package dev.basalt.agent;

import dev.basalt.core.Content;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import dev.basalt.core.Usage;

/** What a turn reports as it goes: the model's stream, then each tool call and its outcome. */
public interface AgentListener extends StreamListener {

    /**
     * How a tool call ended. OK and ERROR: the tool ran, or was asked for with an input it cannot take
     * (no such tool, not JSON, a missing field: ERROR without {@link #toolStarted}); REFUSED: it never
     * ran, for want of consent (the policy, the user's no, or a cancel before it started).
     */
    enum Outcome { OK, ERROR, REFUSED }

    @Override
    default void onEvent(StreamEvent event) {
    }

    /** A tool is about to run (after consent, if it needed any); {@code call} is what the model sent. */
    default void toolStarted(Content.ToolUse call, String description) {
    }

    /**
     * Every tool call the model made ends here, run or not: {@code result} is what goes back to the
     * model (the tool's output, the error, or the refusal's reason).
     */
    default void toolFinished(Content.ToolUse call, Outcome outcome, String result) {
    }

    /**
     * A model call of the turn (an answer, or a compaction within it) is done and used this much:
     * told as each one ends, so a turn that fails at a later call still has its earlier calls counted.
     */
    default void used(Usage usage) {
    }

    /** Something a tool wants the user to see, such as the diff of an edit. */
    default void display(String text) {
    }
}

package dev.basalt.agent;

import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;

/** What a turn reports as it goes: the model's stream, then each tool call and its outcome. */
public interface AgentListener extends StreamListener {

    @Override
    default void onEvent(StreamEvent event) {
    }

    /** A tool is about to run (after consent, if it needed any). */
    default void toolStarted(String toolName, String description) {
    }

    /** A tool finished; {@code error} when its result went back to the model as an error. */
    default void toolFinished(String toolName, boolean error, String result) {
    }

    /** Something a tool wants the user to see, such as the diff of an edit. */
    default void display(String text) {
    }
}

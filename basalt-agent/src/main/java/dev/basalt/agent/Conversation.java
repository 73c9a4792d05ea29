package dev.basalt.agent;

import dev.basalt.core.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The messages of one conversation, in order. Only whole messages are ever added. */
public final class Conversation {

    private final List<Message> messages = new ArrayList<>();

    public void add(Message message) {
        messages.add(message);
    }

    public List<Message> messages() {
        return Collections.unmodifiableList(messages);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }
}

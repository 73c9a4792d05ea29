package dev.basalt.agent;

import dev.basalt.core.Content;
import dev.basalt.core.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The messages of one conversation, in order. Bedrock wants user and assistant to alternate, so a
 * message from the same role as the last one (a retry after a failed call) joins that message.
 */
public final class Conversation {

    private final List<Message> messages = new ArrayList<>();

    public void add(Message message) {
        if (!messages.isEmpty() && messages.get(messages.size() - 1).role() == message.role()) {
            Message last = messages.remove(messages.size() - 1);
            List<Content> joined = new ArrayList<>(last.content());
            joined.addAll(message.content());
            messages.add(new Message(message.role(), joined));
        } else {
            messages.add(message);
        }
    }

    public void addAll(List<Message> all) {
        all.forEach(this::add);
    }

    public List<Message> messages() {
        return Collections.unmodifiableList(messages);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public void clear() {
        messages.clear();
    }
}

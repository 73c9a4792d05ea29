package dev.basalt.emulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.ModelReply;
import io.netty.channel.ChannelFuture;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Answers ConverseStream: an event-stream of messageStart, one contentBlockDelta per chunk,
 * contentBlockStop, messageStop and metadata.
 *
 * <p>Frames are encoded one at a time and each is written and flushed only once the previous one
 * has left, so the client sees text as it is produced and a slow reader holds the stream back
 * (other local endpoints build the whole stream before sending a byte). The step between frames is
 * where first-token latency, token rates and mid-stream faults will go.
 */
final class ConverseStreamResponder {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final ObjectMapper json;

    ConverseStreamResponder(ObjectMapper json) {
        this.json = json;
    }

    void respond(Exchange exchange, ModelReply reply) {
        Iterator<Supplier<byte[]>> frames = plan(exchange, reply).iterator();
        exchange.startStream(Exchange.EVENT_STREAM).addListener(head -> sendNext(exchange, frames, (ChannelFuture) head));
    }

    private void sendNext(Exchange exchange, Iterator<Supplier<byte[]>> frames, ChannelFuture previous) {
        if (!previous.isSuccess()) {
            exchange.abort();   // the client went away; nothing left to tell it
        } else if (frames.hasNext()) {
            exchange.send(frames.next().get()).addListener(f -> sendNext(exchange, frames, (ChannelFuture) f));
        } else {
            exchange.finish();
        }
    }

    /** The frames to send, each encoded only when its turn comes (metadata's latency is measured then). */
    private List<Supplier<byte[]>> plan(Exchange exchange, ModelReply reply) {
        List<Supplier<byte[]>> frames = new ArrayList<>();
        frames.add(() -> event("messageStart", json.createObjectNode().put("role", "assistant")));
        for (String chunk : reply.chunks()) {
            frames.add(() -> {
                ObjectNode delta = json.createObjectNode().put("contentBlockIndex", 0);
                delta.putObject("delta").put("text", chunk);
                return event("contentBlockDelta", delta);
            });
        }
        if (!reply.chunks().isEmpty()) {
            frames.add(() -> event("contentBlockStop", json.createObjectNode().put("contentBlockIndex", 0)));
        }
        frames.add(() -> event("messageStop", json.createObjectNode().put("stopReason", reply.stopReason())));
        frames.add(() -> {
            ObjectNode metadata = json.createObjectNode();
            metadata.set("usage", ConverseResponder.usage(json, reply));
            metadata.putObject("metrics").put("latencyMs", exchange.elapsedMillis());
            return event("metadata", metadata);
        });
        return frames;
    }

    /** Real Bedrock pads every event with a {@code "p"} member of letters; clients ignore it. */
    private byte[] event(String type, ObjectNode payload) {
        payload.put("p", padding());
        try {
            return EventStreamEncoder.event(type, json.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    private static String padding() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] letters = new char[random.nextInt(1, 48)];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = LETTERS.charAt(random.nextInt(LETTERS.length()));
        }
        return new String(letters);
    }
}

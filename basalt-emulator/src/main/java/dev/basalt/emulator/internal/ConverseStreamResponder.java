package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.Pace;
import dev.basalt.emulator.ReplyBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers ConverseStream: messageStart; per block an optional contentBlockStart (tool use), one
 * contentBlockDelta per chunk and a contentBlockStop; messageStop; metadata.
 */
final class ConverseStreamResponder {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final ObjectMapper json;

    ConverseStreamResponder(ObjectMapper json) {
        this.json = json;
    }

    /** @param trace Bedrock's {@code trace} member of the metadata event (the guardrail's assessment), or null */
    void respond(Exchange exchange, ModelReply reply, ObjectNode trace, ConverseExtras extras, Pace pace, Fault fault,
                 StreamTiming timing, FrameSender.Ended ended) {
        FrameSender.send(exchange, plan(exchange, reply, trace, extras), java.util.Map.of(), pace, fault, timing, ended);
    }

    private List<OutFrame> plan(Exchange exchange, ModelReply reply, ObjectNode trace, ConverseExtras extras) {
        List<OutFrame> frames = new ArrayList<>();
        frames.add(OutFrame.control(() -> event("messageStart", json.createObjectNode().put("role", "assistant"))));
        for (int index = 0; index < reply.blocks().size(); index++) {
            ReplyBlock block = reply.blocks().get(index);
            int i = index;
            if (block instanceof ReplyBlock.ToolUse use) {
                frames.add(OutFrame.control(() -> {
                    ObjectNode start = json.createObjectNode().put("contentBlockIndex", i);
                    start.putObject("start").putObject("toolUse").put("toolUseId", use.id()).put("name", use.name());
                    return event("contentBlockStart", start);
                }));
            }
            for (String chunk : block.chunks()) {
                frames.add(OutFrame.content(chunk, () -> event("contentBlockDelta", delta(i, block, chunk))));
            }
            if (block instanceof ReplyBlock.RedactedReasoning redacted) {
                frames.add(OutFrame.control(() -> {
                    ObjectNode delta = json.createObjectNode().put("contentBlockIndex", i);
                    delta.putObject("delta").putObject("reasoningContent").put("redactedContent", redacted.base64());
                    return event("contentBlockDelta", delta);
                }));
            }
            if (block instanceof ReplyBlock.Reasoning reasoning) {
                frames.add(OutFrame.control(() -> {
                    ObjectNode delta = json.createObjectNode().put("contentBlockIndex", i);
                    delta.putObject("delta").putObject("reasoningContent").put("signature", reasoning.signature());
                    return event("contentBlockDelta", delta);
                }));
            }
            frames.add(OutFrame.control(() -> event("contentBlockStop", json.createObjectNode().put("contentBlockIndex", i))));
        }
        frames.add(OutFrame.control(() -> {
            ObjectNode stop = json.createObjectNode().put("stopReason", reply.stopReason());
            extras.addFields(stop);
            return event("messageStop", stop);
        }));
        frames.add(OutFrame.control(() -> {
            ObjectNode metadata = json.createObjectNode();
            metadata.set("usage", ConverseResponder.usage(json, reply.usage()));
            metadata.putObject("metrics").put("latencyMs", exchange.elapsedMillis());
            extras.addPerformance(metadata);
            if (trace != null) {
                metadata.set("trace", trace);
            }
            return event("metadata", metadata);
        }));
        return frames;
    }

    private ObjectNode delta(int index, ReplyBlock block, String chunk) {
        ObjectNode event = json.createObjectNode().put("contentBlockIndex", index);
        ObjectNode delta = event.putObject("delta");
        if (block instanceof ReplyBlock.ToolUse) {
            delta.putObject("toolUse").put("input", chunk);
        } else if (block instanceof ReplyBlock.Reasoning) {
            delta.putObject("reasoningContent").put("text", chunk);
        } else {
            delta.put("text", chunk);
        }
        return event;
    }

    /** Real Bedrock pads every event with a {@code "p"} member of letters; clients ignore it. */
    private byte[] event(String type, ObjectNode payload) {
        payload.put("p", padding());
        return EventStreamEncoder.event(type, Json.bytes(json, payload));
    }

    static String padding() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] letters = new char[random.nextInt(1, 48)];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = LETTERS.charAt(random.nextInt(LETTERS.length()));
        }
        return new String(letters);
    }
}

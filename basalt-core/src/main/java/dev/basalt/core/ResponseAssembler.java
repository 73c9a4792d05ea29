package dev.basalt.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Builds the {@link ChatResponse} of a stream from its events, so every provider and every caller
 * assembles a streamed answer the same way. Not thread-safe: feed it from the stream's one thread.
 */
public final class ResponseAssembler implements StreamListener {

    private final String modelId;
    private final TreeMap<Integer, Block> blocks = new TreeMap<>();
    private StopReason stopReason;
    private Usage usage = Usage.ZERO;
    private long latencyMs;
    private String guardrailTrace;

    public ResponseAssembler(String modelId) {
        this.modelId = modelId;
    }

    @Override
    public void onEvent(StreamEvent event) {
        // Java 17 has no pattern switch; the chain is ordered by frequency (deltas first).
        if (event instanceof StreamEvent.TextDelta d) {
            block(d.index()).text.append(d.text());
        } else if (event instanceof StreamEvent.ToolInputDelta d) {
            block(d.index()).text.append(d.partialJson());
        } else if (event instanceof StreamEvent.ReasoningDelta d) {
            Block b = block(d.index());
            b.reasoning = true;
            if (d.text() != null) {
                b.text.append(d.text());
            }
            if (d.signature() != null) {
                b.signature = d.signature();
            }
        } else if (event instanceof StreamEvent.RedactedReasoningDelta d) {
            Block b = block(d.index());
            b.redacted = b.redacted == null ? new java.io.ByteArrayOutputStream() : b.redacted;
            b.redacted.writeBytes(d.data());
        } else if (event instanceof StreamEvent.ToolUseStart s) {
            Block b = block(s.index());
            b.toolUseId = s.toolUseId();
            b.toolName = s.name();
        } else if (event instanceof StreamEvent.MessageStop s) {
            stopReason = s.stopReason();
        } else if (event instanceof StreamEvent.Metadata m) {
            usage = m.usage();
            latencyMs = m.latencyMs();
            guardrailTrace = m.guardrailTrace();
        }
        // MessageStart and BlockStop carry nothing the assembled response needs.
    }

    /** True once the model has produced any content, so a retry would repeat visible output. */
    public boolean hasOutput() {
        return !blocks.isEmpty();
    }

    /** The partial text so far, for callers that must report what a broken stream already said. */
    public String textSoFar() {
        StringBuilder out = new StringBuilder();
        blocks.values().stream().filter(b -> b.toolUseId == null && !b.reasoning && b.redacted == null).forEach(b -> out.append(b.text));
        return out.toString();
    }

    public boolean complete() {
        return stopReason != null;
    }

    public ChatResponse response() {
        if (stopReason == null) {
            throw new IllegalStateException("the stream has not ended");
        }
        List<Content> content = new ArrayList<>();
        for (Block b : blocks.values()) {
            if (b.toolUseId != null) {
                content.add(new Content.ToolUse(b.toolUseId, b.toolName, b.text.toString()));
            } else if (b.redacted != null) {
                if (b.redacted.size() > 0) {
                    content.add(new Content.RedactedReasoning(b.redacted.toByteArray()));
                }
            } else if (b.reasoning) {
                content.add(new Content.Reasoning(b.text.toString(), b.signature));
            } else {
                content.add(new Content.Text(b.text.toString()));
            }
        }
        return new ChatResponse(new Message(Role.ASSISTANT, content), stopReason, usage, modelId, latencyMs,
                java.util.OptionalDouble.empty(), guardrailTrace);
    }

    private Block block(int index) {
        return blocks.computeIfAbsent(index, i -> new Block());
    }

    private static final class Block {
        final StringBuilder text = new StringBuilder();
        String toolUseId;
        String toolName;
        String signature;
        boolean reasoning;
        /** The bytes of redacted reasoning; null for every other block. */
        java.io.ByteArrayOutputStream redacted;
    }
}

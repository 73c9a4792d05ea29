package dev.basalt.emulator.internal;

import dev.basalt.emulator.Fault;
import dev.basalt.emulator.Pace;
import io.netty.channel.ChannelFuture;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Sends an event stream one frame at a time: each is written and flushed only once the previous one
 * has left, so the client sees output as it is produced and a slow reader holds the stream back
 * (other local endpoints build the whole stream before sending a byte). Between frames go the pace
 * (first-token latency, token rate) and the in-stream faults.
 */
final class FrameSender {

    private final Exchange exchange;
    private final List<OutFrame> frames;
    private final Pace pace;
    private final Fault fault;
    private final Runnable whenDone;
    private final StreamTiming timing;
    private String cutBy;
    private int next;
    private boolean contentSent;
    private boolean stalled;
    private long dueNanos;

    /**
     * @param fault an in-stream fault to apply, or null
     * @param whenDone runs once when the stream ends, however it ends
     */
    private FrameSender(Exchange exchange, List<OutFrame> frames, Pace pace, Fault fault, StreamTiming timing,
                        Runnable whenDone) {
        this.exchange = exchange;
        this.timing = timing;
        this.frames = frames;
        this.pace = pace;
        this.fault = fault != null && fault.inStream() ? fault : null;
        this.whenDone = whenDone;
    }

    /** Told once how a stream ended: the events sent whole, and what cut it short (null when nothing did). */
    @FunctionalInterface
    interface Ended {
        void ended(int eventsSent, String cutBy);
    }

    static void send(Exchange exchange, List<OutFrame> frames, java.util.Map<String, String> headers, Pace pace,
                     Fault fault, StreamTiming timing, Ended ended) {
        FrameSender[] self = new FrameSender[1];
        FrameSender sender = new FrameSender(exchange, frames, pace, fault, timing, () -> {
            timing.ended();
            ended.ended(self[0].sentWhole(), self[0].cutBy);
        });
        self[0] = sender;
        exchange.startStream(Exchange.EVENT_STREAM, headers).addListener(head -> sender.afterWrite((ChannelFuture) head));
    }

    private void afterWrite(ChannelFuture previous) {
        if (!previous.isSuccess()) {
            cutBy = "ClientGone";
            exchange.abort();   // the client went away; nothing left to tell it
            whenDone.run();
            return;
        }
        if (next >= frames.size()) {
            exchange.finish();
            whenDone.run();
            return;
        }
        if (fault != null && next == afterEvents(fault) && applyFault()) {
            return;
        }
        OutFrame frame = frames.get(next);
        long wait = waitBefore(frame);
        if (wait > 0) {
            exchange.schedule(() -> write(frame), wait);
        } else {
            write(frame);
        }
    }

    private void write(OutFrame frame) {
        next++;
        byte[] bytes = frame.encode().get();
        timing.frameWritten(frame.tokens() > 0);
        exchange.send(bytes).addListener(f -> afterWrite((ChannelFuture) f));
    }

    /** The events written whole: a corrupted one counts (its bytes all went), a truncated one does not. */
    private int sentWhole() {
        return next;
    }

    /** Nanoseconds to wait before {@code frame}, keeping the rate without drift. */
    private long waitBefore(OutFrame frame) {
        if (frame.tokens() == 0) {
            return 0;
        }
        long now = System.nanoTime();
        if (!contentSent) {
            contentSent = true;
            dueNanos = now + pace.firstTokenLatency().toNanos();
        } else {
            dueNanos = Math.max(now, dueNanos) + pace.nanosFor(frame.tokens());
        }
        return dueNanos - now;
    }

    /** Applies the fault at its event; true when it ended or paused the stream. */
    private boolean applyFault() {
        if (fault instanceof Fault.StreamException e) {
            byte[] payload = exceptionPayload(e).getBytes(StandardCharsets.UTF_8);
            exchange.send(EventStreamEncoder.exception(e.type(), payload));
            cutBy = "StreamException(" + e.type() + ")";
            exchange.finish();
            whenDone.run();
            return true;
        }
        if (fault instanceof Fault.TruncatedFrame) {
            byte[] frame = next < frames.size() ? frames.get(next).encode().get() : EventStreamEncoder.event("x", new byte[8]);
            exchange.send(Arrays.copyOf(frame, Math.max(1, frame.length / 2))).addListener(f -> exchange.abort());
            cutBy = "TruncatedFrame";
            whenDone.run();
            return true;
        }
        if (fault instanceof Fault.CorruptFrame && next < frames.size()) {
            byte[] frame = frames.get(next++).encode().get();
            frame[frame.length - 1] ^= 0x5A;   // the message CRC no longer matches
            exchange.send(frame).addListener(f -> afterWrite((ChannelFuture) f));
            return true;
        }
        if (fault instanceof Fault.Stall stall && !stalled) {
            stalled = true;
            exchange.schedule(() -> afterWrite(exchange.succeeded()), stall.duration().toNanos());
            return true;
        }
        return false;
    }

    /**
     * A modelStreamErrorException tells what the model itself answered (originalStatusCode,
     * originalMessage); the emulator's model failed as a server does, so 500 with the fault's message.
     */
    private static String exceptionPayload(Fault.StreamException e) {
        String message = quote(e.message());
        if (!e.type().equals("modelStreamErrorException")) {
            return "{\"message\":" + message + "}";
        }
        return "{\"message\":" + message + ",\"originalStatusCode\":500,\"originalMessage\":" + message + "}";
    }

    private static int afterEvents(Fault fault) {
        if (fault instanceof Fault.StreamException e) {
            return e.afterEvents();
        }
        if (fault instanceof Fault.TruncatedFrame t) {
            return t.afterEvents();
        }
        if (fault instanceof Fault.CorruptFrame c) {
            return c.afterEvents();
        }
        return ((Fault.Stall) fault).afterEvents();
    }

    private static String quote(String text) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

}

package dev.basalt.emulator.internal;

import java.util.function.Supplier;

/**
 * One event-stream frame still to be sent. It is encoded only when its turn comes, so what it
 * reports (latencies, metrics) is measured then.
 *
 * @param encode produces the frame's bytes
 * @param tokens output tokens the frame carries; frames with tokens are paced, the others not
 */
record OutFrame(Supplier<byte[]> encode, int tokens) {

    static OutFrame control(Supplier<byte[]> encode) {
        return new OutFrame(encode, 0);
    }

    /** A frame carrying model output; {@code text} sets its token weight for pacing. */
    static OutFrame content(String text, Supplier<byte[]> encode) {
        return new OutFrame(encode, Math.max(1, (text.length() + 3) / 4));
    }
}

package dev.basalt.emulator.internal;

import dev.basalt.emulator.RecordedCall;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The calls an emulator answered, newest last. Bounded: a long-running emulator (the CLI's
 * {@code basalt emulator}) sees many large bodies, and tests only ever look at the last few.
 */
public final class CallLog {

    static final int CAPACITY = 1_000;

    private final Deque<RecordedCall> calls = new ArrayDeque<>();

    /** Adds a call, dropping the oldest beyond {@value #CAPACITY}. */
    public synchronized void add(RecordedCall call) {
        if (calls.size() == CAPACITY) {
            calls.removeFirst();
        }
        calls.addLast(call);
    }

    public synchronized void clear() {
        calls.clear();
    }

    public synchronized List<RecordedCall> snapshot() {
        return List.copyOf(calls);
    }
}

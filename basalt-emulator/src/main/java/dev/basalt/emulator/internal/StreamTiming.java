package dev.basalt.emulator.internal;

import java.time.Instant;

/**
 * When one stream's frames left the emulator: the first frame carrying model output and the last
 * frame. Clients' latencies are measured against these (the benchmark's first-character figure is
 * the time from {@code firstContentAt} to the client printing it), so they are wall-clock instants
 * that another process on the machine can compare with its own clock.
 */
final class StreamTiming {

    final String path;
    final String modelId;
    private Instant firstContentAt;
    private Instant endedAt;
    private int frames;

    StreamTiming(String path, String modelId) {
        this.path = path;
        this.modelId = modelId;
    }

    synchronized void frameWritten(boolean content) {
        frames++;
        if (content && firstContentAt == null) {
            firstContentAt = Instant.now();
        }
    }

    synchronized void ended() {
        endedAt = Instant.now();
    }

    synchronized Instant firstContentAt() {
        return firstContentAt;
    }

    synchronized Instant endedAt() {
        return endedAt;
    }

    synchronized int frames() {
        return frames;
    }
}

package dev.basalt.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the emulated model talks on streaming operations: a wait before the first content event
 * and then a token rate. {@link #UNLIMITED} (the default) sends every event as soon as the
 * previous one has left.
 *
 * @param firstTokenLatency the wait between the response head and the first content event
 * @param tokensPerSecond output tokens per second after that; 0 or less means no limit
 */
public record Pace(Duration firstTokenLatency, double tokensPerSecond) {

    public static final Pace UNLIMITED = new Pace(Duration.ZERO, 0);

    public Pace {
        Objects.requireNonNull(firstTokenLatency, "firstTokenLatency");
        if (firstTokenLatency.isNegative()) {
            throw new IllegalArgumentException("firstTokenLatency must not be negative");
        }
    }

    /** The wait before an event carrying {@code tokens} output tokens, in nanoseconds. */
    public long nanosFor(int tokens) {
        return tokensPerSecond <= 0 || tokens <= 0 ? 0 : (long) (tokens * 1_000_000_000L / tokensPerSecond);
    }
}

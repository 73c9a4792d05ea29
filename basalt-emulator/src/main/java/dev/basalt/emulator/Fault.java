package dev.basalt.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that goes wrong on purpose. Attached to requests by a {@link FaultRule}; the kinds
 * that act after N events apply to the streaming operations only.
 */
public sealed interface Fault {

    /** Answer 429 {@code ThrottlingException} instead of the reply. */
    record Throttle() implements Fault {
    }

    /** Answer any Bedrock error instead of the reply, e.g. 500 InternalServerException or 503. */
    record Error(int status, String type, String message) implements Fault {
        public Error {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
            }
        }
    }

    /**
     * After {@code afterEvents} events, an exception frame (e.g. {@code modelStreamErrorException},
     * {@code throttlingException}, {@code internalServerException}) ends the stream.
     */
    record StreamException(int afterEvents, String type, String message) implements Fault {
        public StreamException {
            requireCount(afterEvents);
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
        }
    }

    /** After {@code afterEvents} events, half a frame, then the connection is closed. */
    record TruncatedFrame(int afterEvents) implements Fault {
        public TruncatedFrame {
            requireCount(afterEvents);
        }
    }

    /** After {@code afterEvents} events, a frame whose message CRC does not match, then the rest. */
    record CorruptFrame(int afterEvents) implements Fault {
        public CorruptFrame {
            requireCount(afterEvents);
        }
    }

    /** After {@code afterEvents} events, nothing for {@code duration}, then the rest of the stream. */
    record Stall(int afterEvents, Duration duration) implements Fault {
        public Stall {
            requireCount(afterEvents);
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** The request waits {@code delay} before the emulator starts on it: a slow or overloaded front end. */
    record SlowRead(Duration delay) implements Fault {
        public SlowRead {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** True for the kinds that act inside a stream. */
    default boolean inStream() {
        return this instanceof StreamException || this instanceof TruncatedFrame || this instanceof CorruptFrame
                || this instanceof Stall;
    }

    private static void requireCount(int afterEvents) {
        if (afterEvents < 0) {
            throw new IllegalArgumentException("afterEvents must not be negative");
        }
    }
}

package dev.basalt.emulator.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes {@code application/vnd.amazon.eventstream} frames:
 * {@code [total length][headers length][prelude CRC32][headers][payload][message CRC32]}, lengths
 * and CRCs as big-endian uint32, CRC32 the ordinary IEEE one. Only string headers (type 7) are
 * written: Bedrock's frames carry nothing else.
 */
final class EventStreamEncoder {

    private static final int PRELUDE = 12;
    private static final int TRAILER = 4;
    private static final byte STRING = 7;

    private EventStreamEncoder() {
    }

    /** An event frame as Bedrock sends them: {@code :event-type}, {@code :content-type}, {@code :message-type}. */
    static byte[] event(String eventType, byte[] jsonPayload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        return frame(headers, jsonPayload);
    }

    /**
     * An in-stream error frame ({@code :message-type} {@code exception}), e.g. type
     * {@code throttlingException} with payload {@code {"message":"..."}}.
     */
    static byte[] exception(String exceptionType, byte[] jsonPayload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "exception");
        return frame(headers, jsonPayload);
    }

    /** A frame with the given string headers, in iteration order, and payload. */
    static byte[] frame(Map<String, String> headers, byte[] payload) {
        byte[] encodedHeaders = encodeHeaders(headers);
        int total = PRELUDE + encodedHeaders.length + payload.length + TRAILER;
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.putInt(total).putInt(encodedHeaders.length);
        frame.putInt((int) crc(frame.array(), 8));
        frame.put(encodedHeaders).put(payload);
        frame.putInt((int) crc(frame.array(), total - TRAILER));
        return frame.array();
    }

    private static byte[] encodeHeaders(Map<String, String> headers) {
        ByteBuffer out = ByteBuffer.allocate(headers.entrySet().stream()
                .mapToInt(h -> 1 + utf8(h.getKey()).length + 1 + 2 + utf8(h.getValue()).length).sum());
        headers.forEach((name, value) -> {
            byte[] n = utf8(name);
            byte[] v = utf8(value);
            if (n.length > 255 || v.length > 65535) {
                throw new IllegalArgumentException("event-stream header too long: " + name);
            }
            out.put((byte) n.length).put(n).put(STRING).putShort((short) v.length).put(v);
        });
        return out.array();
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.basalt.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes application/vnd.amazon.eventstream frames:
 * [total length][headers length][prelude CRC32][headers][payload][message CRC32], big-endian, with
 * string-typed headers only (all Bedrock's frames need).
 */
public final class EventStreamEncoder {

    private static final int PRELUDE = 12;
    private static final int TRAILER = 4;
    private static final byte STRING_TYPE = 7;

    private EventStreamEncoder() {
    }

    /** An event frame, e.g. {@code event("contentBlockDelta", json)}. */
    public static byte[] event(String eventType, byte[] json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        return frame(headers, json);
    }

    /** An exception frame, e.g. {@code exception("throttlingException", json)}. */
    public static byte[] exception(String exceptionType, byte[] json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "exception");
        return frame(headers, json);
    }

    public static byte[] frame(Map<String, String> headers, byte[] payload) {
        byte[] headerBytes = headers(headers);
        int total = PRELUDE + headerBytes.length + payload.length + TRAILER;
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.putInt(total);
        frame.putInt(headerBytes.length);
        frame.putInt(crc(frame.array(), 0, 8));
        frame.put(headerBytes);
        frame.put(payload);
        frame.putInt(crc(frame.array(), 0, total - TRAILER));
        return frame.array();
    }

    private static byte[] headers(Map<String, String> headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
            if (name.length > 255 || value.length > 65535) {
                throw new IllegalArgumentException("header too long: " + header.getKey());
            }
            out.write(name.length);
            out.writeBytes(name);
            out.write(STRING_TYPE);
            out.write(value.length >>> 8);
            out.write(value.length & 0xff);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}

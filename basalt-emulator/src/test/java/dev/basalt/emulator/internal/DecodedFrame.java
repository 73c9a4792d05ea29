package dev.basalt.emulator.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One event-stream frame decoded in the tests, independently of {@link EventStreamEncoder}: the
 * prelude and message CRCs are checked, string headers read.
 */
public record DecodedFrame(Map<String, String> headers, byte[] payload) {

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public String eventType() {
        return headers.get(":event-type");
    }

    /** Decodes every frame in {@code bytes}, which must hold whole frames only. */
    public static List<DecodedFrame> decodeAll(byte[] bytes) {
        List<DecodedFrame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            frames.add(decode(in));
        }
        return frames;
    }

    static DecodedFrame decode(ByteBuffer in) {
        int start = in.position();
        int total = in.getInt();
        int headersLength = in.getInt();
        long preludeCrc = Integer.toUnsignedLong(in.getInt());
        if (preludeCrc != crc(in.array(), start, 8)) {
            throw new IllegalArgumentException("prelude CRC mismatch");
        }
        long messageCrc = Integer.toUnsignedLong(in.getInt(start + total - 4));
        if (messageCrc != crc(in.array(), start, total - 4)) {
            throw new IllegalArgumentException("message CRC mismatch");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headersEnd = in.position() + headersLength;
        while (in.position() < headersEnd) {
            byte[] name = new byte[in.get() & 0xff];
            in.get(name);
            byte type = in.get();
            if (type != 7) {
                throw new IllegalArgumentException("unexpected header type " + type);
            }
            byte[] value = new byte[in.getShort() & 0xffff];
            in.get(value);
            headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        }
        byte[] payload = new byte[total - 12 - headersLength - 4];
        in.get(payload);
        in.position(start + total);
        return new DecodedFrame(headers, payload);
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}

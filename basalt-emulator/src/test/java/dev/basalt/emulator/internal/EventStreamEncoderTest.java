package dev.basalt.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class EventStreamEncoderTest {

    @Test
    void eventFrameCarriesBedrocksHeadersAndPayloadWithValidCrcs() {
        byte[] payload = "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"héllo\"}}".getBytes(StandardCharsets.UTF_8);

        byte[] frame = EventStreamEncoder.event("contentBlockDelta", payload);

        ByteBuffer in = ByteBuffer.wrap(frame);
        assertThat(in.getInt()).isEqualTo(frame.length);
        int headersLength = in.getInt();
        assertThat(Integer.toUnsignedLong(in.getInt())).isEqualTo(crc(frame, 0, 8));
        assertThat(Integer.toUnsignedLong(ByteBuffer.wrap(frame, frame.length - 4, 4).getInt()))
                .isEqualTo(crc(frame, 0, frame.length - 4));
        assertThat(frame.length).isEqualTo(12 + headersLength + payload.length + 4);

        DecodedFrame decoded = DecodedFrame.decodeAll(frame).get(0);
        assertThat(decoded.headers()).containsExactly(
                Map.entry(":event-type", "contentBlockDelta"),
                Map.entry(":content-type", "application/json"),
                Map.entry(":message-type", "event"));
        assertThat(decoded.payload()).isEqualTo(payload);
    }

    @Test
    void firstHeaderIsLaidOutAsNameLengthNameTypeValueLengthValue() {
        byte[] frame = EventStreamEncoder.frame(Map.of("k", "vv"), new byte[0]);

        assertThat(frame).hasSize(12 + (1 + 1 + 1 + 2 + 2) + 4);
        assertThat(java.util.Arrays.copyOfRange(frame, 12, 19)).containsExactly(1, 'k', 7, 0, 2, 'v', 'v');
    }

    @Test
    void exceptionFrameNamesTheExceptionType() {
        byte[] frame = EventStreamEncoder.exception("throttlingException", "{\"message\":\"slow down\"}".getBytes(StandardCharsets.UTF_8));

        DecodedFrame decoded = DecodedFrame.decodeAll(frame).get(0);
        assertThat(decoded.headers()).containsEntry(":message-type", "exception")
                .containsEntry(":exception-type", "throttlingException")
                .containsEntry(":content-type", "application/json")
                .doesNotContainKey(":event-type");
        assertThat(decoded.payloadText()).isEqualTo("{\"message\":\"slow down\"}");
    }

    @Test
    void consecutiveFramesDecodeOneAfterAnother() {
        byte[] first = EventStreamEncoder.event("messageStart", "{}".getBytes(StandardCharsets.UTF_8));
        byte[] second = EventStreamEncoder.event("messageStop", "{\"stopReason\":\"end_turn\"}".getBytes(StandardCharsets.UTF_8));
        byte[] both = ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();

        List<DecodedFrame> frames = DecodedFrame.decodeAll(both);

        assertThat(frames).extracting(DecodedFrame::eventType).containsExactly("messageStart", "messageStop");
    }

    @Test
    void corruptedPayloadFailsTheMessageCrc() {
        byte[] frame = EventStreamEncoder.event("messageStart", "{\"role\":\"assistant\"}".getBytes(StandardCharsets.UTF_8));
        frame[frame.length - 6] ^= 1;

        assertThatThrownBy(() -> DecodedFrame.decodeAll(frame)).hasMessageContaining("message CRC");
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}

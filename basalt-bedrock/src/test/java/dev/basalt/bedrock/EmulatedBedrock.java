package dev.basalt.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.ModelBehaviour;
import dev.basalt.emulator.RecordedCall;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the Converse feature tests share: the real SDK client against one emulator per test class,
 * a model behaviour each test may replace, and the JSON body the SDK actually sent.
 */
abstract class EmulatedBedrock {

    static final String KEY_ID = "AKIDFEATURETEST";
    static final String SECRET = "feature-test-secret";
    /** In the catalog with tools, vision, documents, reasoning and caching; 64000 output tokens. */
    static final String SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    /** In the catalog without reasoning or caching; 4096 output tokens. */
    static final String HAIKU_3 = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String GUARDRAIL_ID = "gr-test";
    static final String GUARDRAIL_VERSION = "3";
    static final String BLOCKED_WORD = "forbidden";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicReference<ModelBehaviour> BEHAVIOUR = new AtomicReference<>(new EchoModel());

    static Emulator emulator;
    static BedrockChatModel model;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().credentials(KEY_ID, SECRET)
                .guardrail(new dev.basalt.emulator.Guardrail(GUARDRAIL_ID, GUARDRAIL_VERSION, List.of(BLOCKED_WORD)))
                .model(request -> BEHAVIOUR.get().reply(request))
                .start();
        model = BedrockChatModel.builder().region("us-east-1").endpoint(emulator.endpoint()).credentials(KEY_ID, SECRET).build();
    }

    @AfterEach
    void echoAgain() {
        BEHAVIOUR.set(new EchoModel());
    }

    @AfterAll
    static void stopEmulator() {
        model.close();
        emulator.close();
    }

    /** The model answers with {@code behaviour} until the test ends. */
    static void answer(ModelBehaviour behaviour) {
        BEHAVIOUR.set(behaviour);
    }

    static int callCount() {
        return emulator.recordedCalls().size();
    }

    static RecordedCall lastCall() {
        List<RecordedCall> calls = emulator.recordedCalls();
        return calls.get(calls.size() - 1);
    }

    /** The body of the last request, exactly as the SDK sent it. */
    static JsonNode lastBody() {
        try {
            return JSON.readTree(lastCall().requestBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real PNG of the given size. */
    static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG signature and header claiming the given size, padded to {@code length} bytes: enough for the checks. */
    static byte[] pngHeader(int width, int height, int length) {
        byte[] d = new byte[Math.max(length, 33)];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, d, 0, head.length);
        for (int i = 0; i < 4; i++) {
            d[16 + i] = (byte) (width >>> (24 - 8 * i));
            d[20 + i] = (byte) (height >>> (24 - 8 * i));
        }
        return d;
    }
}

package dev.basalt.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The operation and model id of a runtime path. Routing uses the raw path and decodes each segment
 * on its own, because ARNs carry '/' as %2F inside the model id segment.
 */
public record RuntimeRoute(String operation, String modelId) {

    public static RuntimeRoute parse(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        // ["", "model", "{id}", "converse"]
        if (segments.length == 4 && segments[0].isEmpty() && "model".equals(segments[1]) && !segments[2].isEmpty()
                && "POST".equals(method)) {
            String operation = switch (segments[3]) {
                case "converse" -> "Converse";
                case "converse-stream" -> "ConverseStream";
                case "invoke" -> "InvokeModel";
                case "invoke-with-response-stream" -> "InvokeModelWithResponseStream";
                case "count-tokens" -> "CountTokens";
                default -> null;
            };
            if (operation != null) {
                return new RuntimeRoute(operation, decode(segments[2]));
            }
        }
        return new RuntimeRoute("Unknown", null);
    }

    /** Percent-decoding of one path segment; '+' stays '+' (paths are not form data). */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length()) {
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

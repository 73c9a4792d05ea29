package dev.basalt.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes %XX escapes (UTF-8) in one path segment or query component. '+' stays '+': in a path it
 * is a plus, and SigV4 clients encode spaces as %20. A malformed escape is kept as it is rather than
 * refused, so the router can still name the path in its error.
 */
final class PercentDecoder {

    private PercentDecoder() {
    }

    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%' && i + 2 < text.length()
                    && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 3;
            } else {
                int next = text.indexOf('%', i + 1);
                int end = next < 0 ? text.length() : next;
                byte[] plain = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

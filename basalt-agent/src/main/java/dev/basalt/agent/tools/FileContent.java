package dev.basalt.agent.tools;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's bytes as the tools see them: text, in UTF-8 or (when the bytes are not UTF-8 but read as
 * Latin-1 text) ISO-8859-1, so an edit can write it back the same way; or binary, which is not shown.
 */
sealed interface FileContent {

    /** Text decoded with {@code charset}; its line endings are kept as they are in the file. */
    record Text(String text, Charset charset) implements FileContent {

        boolean utf8() {
            return charset.equals(StandardCharsets.UTF_8);
        }

        /** The file's own line ending: CRLF when most of its lines end so, else LF. */
        String lineEnding() {
            int lines = 0;
            int crlf = 0;
            for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
                lines++;
                if (at > 0 && text.charAt(at - 1) == '\r') {
                    crlf++;
                }
            }
            return crlf * 2 > lines ? "\r\n" : "\n";
        }

        /** One line telling the model the file was not UTF-8, or null when it was. */
        String encodingNote() {
            return utf8() ? null : "(not UTF-8: read as Latin-1, ISO-8859-1; edit_file writes it back in Latin-1)";
        }
    }

    /** Bytes that are not text; {@code type} is a media type when one is known, else null. */
    record Binary(long size, String type) implements FileContent {

        /** The error a tool gives instead of the bytes, e.g. "logo.png: binary file (image/png), 5120 bytes; not shown". */
        String refusal(String name) {
            return name + ": binary file (" + (type == null ? "unknown type" : type) + "), " + size + " bytes; not shown";
        }
    }

    /** A NUL byte this early means binary, as git and ripgrep decide. */
    int NUL_WINDOW = 8000;

    /** Text has few control characters; more than this share of them means binary. */
    double MAX_CONTROL_SHARE = 0.10;

    static FileContent read(Path path) throws IOException {
        FileContent content = of(Files.readAllBytes(path));
        if (content instanceof Binary binary) {
            String type = Files.probeContentType(path);
            if (type != null && !type.startsWith("text/")) {
                return new Binary(binary.size(), type);
            }
        }
        return content;
    }

    static FileContent of(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, NUL_WINDOW); i++) {
            if (bytes[i] == 0) {
                return binary(bytes);
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return controlShare(bytes, false) > MAX_CONTROL_SHARE ? binary(bytes) : new Text(text, StandardCharsets.UTF_8);
        } catch (CharacterCodingException notUtf8) {
            // Latin-1 decodes any bytes, so only mostly printable ones count as Latin-1 text
            return controlShare(bytes, true) > MAX_CONTROL_SHARE ? binary(bytes)
                    : new Text(new String(bytes, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        }
    }

    private static Binary binary(byte[] bytes) {
        String type = null;
        try {
            type = URLConnection.guessContentTypeFromStream(new ByteArrayInputStream(bytes));
        } catch (IOException cannotHappen) {
            // a byte array does not fail to read
        }
        return new Binary(bytes.length, type);
    }

    /** The share of bytes that are control characters other than tab, line breaks, form feed and escape. */
    private static double controlShare(byte[] bytes, boolean latin1) {
        if (bytes.length == 0) {
            return 0;
        }
        int control = 0;
        for (byte b : bytes) {
            int c = b & 0xff;
            boolean ascii = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) || c == 0x7f;
            if (ascii || (latin1 && c >= 0x80 && c < 0xa0)) {
                control++;
            }
        }
        return (double) control / bytes.length;
    }
}

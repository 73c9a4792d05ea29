package dev.basalt.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One block of a message. A closed set: providers translate each member exhaustively, so adding a
 * member is a compile error everywhere it must be handled.
 */
public sealed interface Content {

    /** Plain text. */
    record Text(String text) implements Content {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The model asks for a tool to be run. {@code inputJson} is the tool input as a JSON object text;
     * it is kept as text so core needs no JSON library and the input round-trips byte for byte.
     */
    record ToolUse(String id, String name, String inputJson) implements Content {
        public ToolUse {
            requireText(id, "id");
            requireText(name, "name");
            inputJson = inputJson == null || inputJson.isBlank() ? "{}" : inputJson;
        }
    }

    /** The answer to a {@link ToolUse}, sent back in a user message. */
    record ToolResult(String toolUseId, List<Content> content, boolean isError) implements Content {
        public ToolResult {
            requireText(toolUseId, "toolUseId");
            content = List.copyOf(content);
            for (Content c : content) {
                if (c instanceof ToolUse || c instanceof ToolResult) {
                    throw new IllegalArgumentException("a tool result cannot contain " + c.getClass().getSimpleName());
                }
            }
        }

        public static ToolResult text(String toolUseId, String text, boolean isError) {
            return new ToolResult(toolUseId, List.of(new Text(text)), isError);
        }
    }

    /** The model's visible reasoning; the signature must be sent back unchanged with the history. */
    record Reasoning(String text, String signature) implements Content {
        public Reasoning {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Reasoning the provider withheld (flagged by its safety systems): opaque, encrypted bytes with no
     * text to show. Like {@link Reasoning}, it must be sent back unchanged with the history, so the
     * model keeps its line of thought. Bytes are copied in and out, and equality is by content.
     */
    record RedactedReasoning(byte[] data) implements Content {
        public RedactedReasoning {
            data = Objects.requireNonNull(data, "data").clone();
            if (data.length == 0) {
                throw new IllegalArgumentException("redacted reasoning must not be empty");
            }
        }

        /** A copy of the bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        public int byteCount() {
            return data.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RedactedReasoning that && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "RedactedReasoning[" + data.length + " bytes]";
        }
    }

    /**
     * An image for the model to look at, in a user message or a tool result. {@code name} says where
     * it came from (a file name) for error messages and exports; models are not shown it. The bytes are
     * copied in and out, so the record stays immutable, and equality is by content. Providers check
     * their own limits (bytes, pixels, images per request) before sending.
     */
    record Image(String name, ImageFormat format, byte[] data) implements Content {
        public Image {
            requireText(name, "name");
            Objects.requireNonNull(format, "format");
            data = Objects.requireNonNull(data, "data").clone();
            ImageFormat actual = ImageFormat.detect(data).orElse(null);
            if (actual != format) {
                throw new IllegalArgumentException(name + (actual == null ? NOT_AN_IMAGE
                        : " holds a " + actual + " image, not " + format));
            }
        }

        private static final String NOT_AN_IMAGE = " is not a PNG, JPEG, GIF or WebP image (convert it to one of these)";

        /** An image whose format is detected from its magic bytes. */
        public static Image of(String name, byte[] data) {
            ImageFormat format = ImageFormat.detect(data)
                    .orElseThrow(() -> new IllegalArgumentException(name + NOT_AN_IMAGE));
            return new Image(name, format, data);
        }

        /** Reads {@code file}; its format comes from its magic bytes, whatever its extension says. */
        public static Image fromFile(Path file) {
            return of(file.getFileName().toString(), read(file));
        }

        /** A copy of the bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        public int byteCount() {
            return data.length;
        }

        /** The size in pixels from the image header; empty when the header cannot be read. */
        public Optional<Dimensions> dimensions() {
            return ImageHeader.dimensions(format, data);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Image that && name.equals(that.name) && format == that.format
                    && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, format, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Image[" + name + ", " + format + ", " + data.length + " bytes]";
        }

        /** Width and height in pixels. */
        public record Dimensions(int width, int height) {}
    }

    /**
     * A document for the model to read (a PDF, a spreadsheet, a page of Markdown...), in a user message
     * or a tool result. {@code name} is the file name; providers adapt it to what they accept. Bytes are
     * copied in and out, and equality is by content.
     */
    record Document(String name, DocumentFormat format, byte[] data) implements Content {
        public Document {
            requireText(name, "name");
            Objects.requireNonNull(format, "format");
            data = Objects.requireNonNull(data, "data").clone();
            if (data.length == 0) {
                throw new IllegalArgumentException(name + " is empty");
            }
        }

        /** Reads {@code file}; its format comes from its extension. */
        public static Document fromFile(Path file) {
            String name = file.getFileName().toString();
            DocumentFormat format = DocumentFormat.fromFileName(name).orElseThrow(() -> new IllegalArgumentException(
                    name + " is not a document models read (use pdf, csv, doc, docx, xls, xlsx, html, txt or md)"));
            return new Document(name, format, read(file));
        }

        /** A copy of the bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        public int byteCount() {
            return data.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Document that && name.equals(that.name) && format == that.format
                    && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, format, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Document[" + name + ", " + format + ", " + data.length + " bytes]";
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}

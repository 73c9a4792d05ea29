package dev.basalt.cli;

import dev.basalt.core.Content;
import dev.basalt.core.DocumentFormat;
import dev.basalt.core.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Files sent with a message ({@code --attach}, {@code /attach}): an image when its bytes say so (PNG,
 * JPEG, GIF, WebP, whatever the extension), else a document by its extension (pdf, csv, doc(x),
 * xls(x), html, txt, md). Anything else, a missing file or one far beyond what Bedrock takes is a
 * one-line {@link UserError} before anything is read into memory or sent; the exact per-model limits
 * (bytes, pixels, counts over the history, vision) are then checked with the whole request.
 */
final class Attachments {

    /** Bedrock's largest attachment (a 4.5 MB document); a bigger file is refused before it is read. */
    static final long MAX_BYTES = 4_718_592;

    static final String IMAGES = "png, jpeg, gif, webp";
    static final String DOCUMENTS = "pdf, csv, doc, docx, xls, xlsx, html, txt, md";

    private Attachments() {
    }

    /** Each file in order; the first that cannot be attached fails them all. */
    static List<Content> load(List<Path> files) {
        List<Content> loaded = new ArrayList<>(files.size());
        for (Path file : files) {
            loaded.add(load(file));
        }
        return loaded;
    }

    /** One file as an image or a document. */
    static Content load(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.exists(file)) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + file + ": no such file", "check the path");
        }
        if (Files.isDirectory(file)) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + file + ": it is a directory", "attach the files in it one by one");
        }
        long size;
        byte[] head = new byte[12];
        int headLength;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            headLength = in.readNBytes(head, 0, head.length);
        } catch (AccessDeniedException e) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + file + ": permission denied", "check the file's permissions");
        } catch (NoSuchFileException e) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + file + ": no such file", "check the path");
        } catch (IOException e) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + file + ": " + e.getMessage(), "check the file");
        }
        boolean image = ImageFormat.detect(java.util.Arrays.copyOf(head, headLength)).isPresent();
        boolean document = !image && DocumentFormat.fromFileName(name).isPresent();
        if (!image && !document) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + name + ": "
                    + (looksLikeImage(name) ? "it is not a PNG, JPEG, GIF or WebP image whatever its name says"
                            : "models read images (" + IMAGES + ") and documents (" + DOCUMENTS + "), not this"),
                    looksLikeImage(name) ? "convert it to PNG or JPEG" : "convert it to one of these, or paste its text into the prompt");
        }
        if (size == 0) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + name + ": it is empty", "attach a file with something in it");
        }
        if (size > MAX_BYTES) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + name + ": it is " + megabytes(size)
                    + (image ? "; Bedrock takes images up to 3.75 MB" : "; Bedrock takes documents up to 4.5 MB"),
                    image ? "resize or recompress it" : "split it, or send its text instead");
        }
        try {
            return image ? Content.Image.fromFile(file) : Content.Document.fromFile(file);
        } catch (java.io.UncheckedIOException e) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + file + ": " + e.getMessage(), "check the file");
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "cannot attach " + name + ": " + e.getMessage(), "check the file");
        }
    }

    /** How an attachment is described to the user: {@code photo.png (png, 1.2 MB, 800x600 px)}. */
    static String describe(Content attachment) {
        if (attachment instanceof Content.Image image) {
            return image.name() + " (" + image.format().wireName() + ", " + megabytes(image.byteCount())
                    + image.dimensions().map(d -> ", " + d.width() + "x" + d.height() + " px").orElse("") + ")";
        }
        if (attachment instanceof Content.Document document) {
            return document.name() + " (" + document.format().wireName() + ", " + megabytes(document.byteCount()) + ")";
        }
        return attachment.toString();
    }

    private static boolean looksLikeImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return List.of(".png", ".jpg", ".jpeg", ".gif", ".webp").stream().anyMatch(lower::endsWith);
    }

    static String megabytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0));
    }
}

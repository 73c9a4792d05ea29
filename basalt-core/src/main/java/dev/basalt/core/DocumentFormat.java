package dev.basalt.core;

import java.util.Locale;
import java.util.Optional;

/** The document formats chat models read, known by file extension as the providers name them. */
public enum DocumentFormat {
    PDF,
    CSV,
    DOC,
    DOCX,
    XLS,
    XLSX,
    HTML,
    TXT,
    MD;

    /** By the extension of {@code fileName} ({@code .htm} and {@code .markdown} included), ignoring case. */
    public static Optional<DocumentFormat> fromFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        switch (extension) {
            case "htm":
                return Optional.of(HTML);
            case "markdown":
                return Optional.of(MD);
            default:
                for (DocumentFormat format : values()) {
                    if (format.wireName().equals(extension)) {
                        return Optional.of(format);
                    }
                }
                return Optional.empty();
        }
    }

    /** The lower-case name providers use on the wire, which is also the usual extension. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

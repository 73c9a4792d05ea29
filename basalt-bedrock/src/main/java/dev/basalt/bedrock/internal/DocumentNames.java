package dev.basalt.bedrock.internal;

import dev.basalt.core.DocumentFormat;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Document names as Bedrock accepts them, one instance per request. Bedrock takes only ASCII letters
 * and digits, single spaces, hyphens, parentheses and square brackets (1..200 characters), and refuses
 * a request in which two documents share a name ("Messages can't contain duplicate document names").
 * Converse is stateless, so the whole history counts: names are made unique in order, which keeps the
 * name of each document the same from one turn to the next.
 */
final class DocumentNames {

    static final int MAX_LENGTH = 200;
    private static final String FALLBACK = "document";

    private final Set<String> taken = new HashSet<>();

    /** The name to send for a document the caller named {@code name}. */
    String next(String name) {
        String base = sanitise(name);
        String candidate = base;
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            String suffix = " (" + n + ")";
            candidate = base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length())) + suffix;
        }
        return candidate;
    }

    /** "Q3 report_final (v2).PDF" -> "Q3 report final (v2)"; accents are dropped rather than the letters. */
    static String sanitise(String name) {
        String stem = withoutDocumentExtension(name);
        String ascii = Normalizer.normalize(stem, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String cleaned = ascii.replaceAll("[^A-Za-z0-9\\-()\\[\\] ]+", " ").replaceAll(" {2,}", " ").strip();
        if (cleaned.length() > MAX_LENGTH) {
            cleaned = cleaned.substring(0, MAX_LENGTH).strip();
        }
        return cleaned.isEmpty() ? FALLBACK : cleaned;
    }

    private static String withoutDocumentExtension(String name) {
        return DocumentFormat.fromFileName(name).isPresent() ? name.substring(0, name.lastIndexOf('.')) : name;
    }
}

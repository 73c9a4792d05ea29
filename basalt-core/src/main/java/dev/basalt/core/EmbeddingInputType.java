package dev.basalt.core;

import java.util.Locale;
import java.util.Optional;

/**
 * What texts are embedded for. Retrieval models embed a query and the documents it should find
 * differently, so a corpus is embedded as {@link #SEARCH_DOCUMENT} and the questions against it as
 * {@link #SEARCH_QUERY}.
 */
public enum EmbeddingInputType {
    SEARCH_DOCUMENT,
    SEARCH_QUERY,
    CLASSIFICATION,
    CLUSTERING;

    /** {@code search_document}, as Cohere and the CLI spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code search_query}, {@code search-query} or {@code SEARCH_QUERY}; empty for anything else. */
    public static Optional<EmbeddingInputType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (EmbeddingInputType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

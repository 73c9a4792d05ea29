package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.family.AnthropicFamily;
import dev.basalt.emulator.internal.family.EmbeddingFamily;
import dev.basalt.emulator.internal.family.TextFamily;
import java.util.Map;
import java.util.Optional;

/** The InvokeModel body families by the catalog's family names. */
final class Families {

    private final Map<String, TextFamily> text;
    private final Map<String, EmbeddingFamily> embedding;

    Families(ObjectMapper json) {
        this.text = Map.of("anthropic", new AnthropicFamily(json));
        this.embedding = Map.of();
    }

    Optional<TextFamily> text(String family) {
        return Optional.ofNullable(text.get(family));
    }

    Optional<EmbeddingFamily> embedding(String family) {
        return Optional.ofNullable(embedding.get(family));
    }
}

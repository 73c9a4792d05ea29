package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.family.AnthropicFamily;
import dev.basalt.emulator.internal.family.CohereEmbeddingFamily;
import dev.basalt.emulator.internal.family.EmbeddingFamily;
import dev.basalt.emulator.internal.family.LlamaFamily;
import dev.basalt.emulator.internal.family.MistralFamily;
import dev.basalt.emulator.internal.family.NovaFamily;
import dev.basalt.emulator.internal.family.TextFamily;
import dev.basalt.emulator.internal.family.TitanEmbeddingFamily;
import dev.basalt.emulator.internal.family.TitanTextFamily;
import java.util.Map;
import java.util.Optional;

/** The InvokeModel body families by the catalog's family names. */
final class Families {

    private final Map<String, TextFamily> text;
    private final Map<String, EmbeddingFamily> embedding;

    Families(ObjectMapper json) {
        this.text = Map.of("anthropic", new AnthropicFamily(json), "nova", new NovaFamily(json),
                "titan-text", new TitanTextFamily(json), "llama", new LlamaFamily(json), "mistral", new MistralFamily(json));
        this.embedding = Map.of("titan-embed-v1", new TitanEmbeddingFamily(json, false),
                "titan-embed-v2", new TitanEmbeddingFamily(json, true), "cohere-embed", new CohereEmbeddingFamily(json));
    }

    Optional<TextFamily> text(String family) {
        return Optional.ofNullable(text.get(family));
    }

    Optional<EmbeddingFamily> embedding(String family) {
        return Optional.ofNullable(embedding.get(family));
    }
}

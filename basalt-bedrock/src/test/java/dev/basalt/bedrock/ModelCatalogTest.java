package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled catalog against the emulator's own, which models what Bedrock offers. */
class ModelCatalogTest {

    final ModelCatalog catalog = ModelCatalog.bundled();

    @Test
    void everyModelTheEmulatorServesIsInTheCatalogExceptOpus55() throws Exception {
        JsonNode emulated;
        try (InputStream in = dev.basalt.emulator.Emulator.class.getResourceAsStream("catalog.json")) {
            emulated = new ObjectMapper().readTree(in);
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode m : emulated.path("models")) {
            String id = m.path("modelId").asText();
            if (catalog.find(id).isEmpty()) {
                missing.add(id);
            }
        }
        // Opus 5.5 takes no sampling parameters and only adaptive thinking: not yet modelled by the catalog.
        assertThat(missing).containsExactly("anthropic.claude-opus-5-5");
    }

    @Test
    void novaBillsCacheWritesAsInputAndCacheReadsAtAQuarter() {
        for (String alias : List.of("nova-premier", "nova-pro", "nova-lite", "nova-micro")) {
            CatalogModel nova = catalog.find(alias).orElseThrow();
            assertThat(nova.pricing().cacheWrite()).as(alias).isEqualTo(nova.pricing().input());
            assertThat(nova.pricing().cacheRead()).as(alias).isCloseTo(nova.pricing().input() / 4, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void newerModelsCarryTheirLimitsAndGovCloudProfiles() {
        assertThat(catalog.find("opus")).get().extracting(CatalogModel::maxOutput).isEqualTo(128000);
        assertThat(catalog.find("claude-opus-4")).get().extracting(CatalogModel::id).isEqualTo("anthropic.claude-opus-4-20250514-v1:0");
        assertThat(catalog.find("cohere-embed-v4")).get().extracting(m -> m.supports("embeddings")).isEqualTo(true);
        assertThat(catalog.find("mistral-large-2")).get().extracting(CatalogModel::contextWindow).isEqualTo(128000);
        assertThat(catalog.find("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0")).get()
                .extracting(CatalogModel::profiles).asList().contains("us-gov");
        assertThat(ModelRef.parse("claude-sonnet-4.5", "us-gov-west-1", catalog).modelId()).isEqualTo("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    @Test
    void outputLimitsAreTheOnesBedrocksModelCardsGive() {
        // docs.aws.amazon.com/bedrock/latest/userguide/model-card-mistral-ai-mistral-large.html: 32K context, 4K output;
        // model-card-meta-llama-3-1-70b-instruct: 128K context, 4K output
        assertThat(catalog.find("mistral-large")).get().extracting(CatalogModel::contextWindow, CatalogModel::maxOutput)
                .containsExactly(32000, 4096);
        assertThat(catalog.find("llama3.1-70b")).get().extracting(CatalogModel::contextWindow, CatalogModel::maxOutput)
                .containsExactly(128000, 4096);
    }
}

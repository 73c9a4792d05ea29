package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.bedrock.CatalogModel;
import dev.basalt.bedrock.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `basalt models`: every alias, capability and price of the catalog, in 100 columns or as JSON. */
class ModelsTest {

    final List<CatalogModel> models = ModelCatalog.bundled().models();

    @Test
    void theTableShowsEveryAliasCapabilityAndCachePriceWithinAHundredColumns() {
        String table = Models.catalogTable(models);

        assertThat(table.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(Models.WIDTH));
        for (CatalogModel m : models) {
            m.aliases().forEach(alias -> assertThat(table).contains(alias));
        }
        assertThat(table).contains("claude-sonnet-4.5").contains("cohere-embed-multilingual")
                .contains("tools, vision, documents, reasoning, caching").contains("embeddings")
                .containsPattern("anthropic\\.claude-sonnet-4-5-20250929-v1:0 +200000 +64000 +3\\.00 +15\\.00 +0\\.30 +3\\.75")
                .containsPattern("anthropic\\.claude-sonnet-4-6 +1000000 +128000 +3\\.00 +15\\.00 +0\\.30 +3\\.75")
                .containsPattern("amazon\\.nova-micro-v1:0 +128000 +10000 +0\\.035 +0\\.14 +0\\.00875 +0\\.035")
                .containsPattern("amazon\\.titan-embed-text-v2:0 +8192 +- +0\\.02 +0\\.00 +- +-");
    }

    @Test
    void jsonCarriesEveryFieldOfEveryModel() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Models.catalogJson(models));

        assertThat(json.path("models")).hasSize(models.size());
        JsonNode sonnet = json.path("models").get(models.indexOf(ModelCatalog.bundled().find("sonnet").orElseThrow()));
        assertThat(sonnet.path("aliases").toString()).isEqualTo("[\"sonnet\",\"claude-sonnet-4.6\",\"claude-sonnet-4-6\"]");
        assertThat(sonnet.path("prices_usd_per_million").path("cache_read").asDouble()).isEqualTo(0.3);
        assertThat(sonnet.path("capabilities").toString()).contains("vision");
        assertThat(sonnet.path("profile_required").asBoolean()).isTrue();
    }
}

package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.bedrock.ModelCatalog;
import dev.basalt.bedrock.ModelRef;
import dev.basalt.core.Pricing;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which prices cost figures and the budget use: a pricing.<model> setting, else the catalog's. */
class ModelPricesTest {

    @TempDir
    Path dir;

    Settings settings(String userJson, String projectJson) throws Exception {
        Path user = dir.resolve("user.json");
        Path project = dir.resolve("project.json");
        Files.writeString(user, userJson);
        Files.writeString(project, projectJson);
        return new Settings(user, project);
    }

    static ModelRef ref(String input) {
        return ModelRef.parse(input, "us-east-1", ModelCatalog.bundled());
    }

    @Test
    void withoutASettingTheCatalogsPricesApply() throws Exception {
        ModelRef sonnet = ref("sonnet");

        assertThat(ModelPrices.of(sonnet, settings("{}", "{}"))).isEqualTo(sonnet.model().orElseThrow().pricing());
        assertThat(ModelPrices.of(ref("anthropic.claude-brand-new-v9:0"), settings("{}", "{}"))).isNull();
    }

    @Test
    void aSettingNamesTheModelByAliasCatalogIdOrTheIdSentAndCachePricesDefaultToInput() throws Exception {
        ModelRef sonnet = ref("sonnet"); // sent as the us. profile id
        assertThat(sonnet.modelId()).startsWith("us.");

        assertThat(ModelPrices.of(sonnet, settings("{\"pricing.sonnet\": {\"input\": 2, \"output\": 10}}", "{}")))
                .isEqualTo(new Pricing(2, 10, 2, 2));
        assertThat(ModelPrices.of(sonnet, settings("{\"pricing.anthropic.claude-sonnet-4-6\": {\"input\": 1, \"output\": 5}}", "{}")))
                .isEqualTo(new Pricing(1, 5, 1, 1));
        // the id sent wins over an alias; the project's setting over the user's
        assertThat(ModelPrices.of(sonnet, settings("{\"pricing.sonnet\": {\"input\": 2, \"output\": 10}, \"pricing." + sonnet.modelId()
                + "\": {\"input\": 3, \"output\": 15, \"cacheRead\": 0.3, \"cacheWrite\": 3.75}}", "{\"pricing.sonnet\": {\"input\": 9, \"output\": 9}}")))
                .isEqualTo(new Pricing(3, 15, 0.3, 3.75));
        assertThat(ModelPrices.of(ref("anthropic.claude-brand-new-v9:0"),
                settings("{\"pricing.anthropic.claude-brand-new-v9:0\": {\"input\": 4, \"output\": 8}}", "{}")))
                .isEqualTo(new Pricing(4, 8, 4, 4));
    }

    @Test
    void aWrongSettingIsOneLineWithTheFix() throws Exception {
        Settings wrong = settings("{\"pricing.sonnet\": {\"input\": \"cheap\", \"output\": 1}}", "{}");

        assertThatThrownBy(() -> ModelPrices.of(ref("sonnet"), wrong)).isInstanceOf(UserError.class)
                .hasMessage("pricing.sonnet in the settings: 'input' must be a number of USD per million tokens, 0 or more")
                .satisfies(e -> assertThat(((UserError) e).hint()).contains("basalt config set pricing.sonnet"));
        ObjectMapper json = new ObjectMapper();
        assertThatThrownBy(() -> ModelPrices.parse(json.readTree("{\"input\": 1}"))).hasMessageContaining("'output' is required");
        assertThatThrownBy(() -> ModelPrices.parse(json.readTree("{\"input\": 1, \"output\": 1, \"cached\": 1}")))
                .hasMessageContaining("unknown price 'cached'");
    }
}

package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider's catalog and the emulator's are separate data on purpose (they must not share a
 * mistake), so this is where they are held to each other: every model Basalt can choose is one the
 * emulator serves, the same way, with the same limits, or tests against the emulator would pass
 * where Bedrock refuses.
 */
class CatalogAgreementTest {

    @Test
    void theEmulatorServesEveryModelOfTheCatalogWithItsLimitsAndProfiles() throws IOException {
        Map<String, JsonNode> served = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/dev/basalt/emulator/catalog.json")) {
            for (JsonNode m : new ObjectMapper().readTree(in).path("models")) {
                served.put(m.path("modelId").asText(), m);
            }
        }
        List<String> disagreements = new ArrayList<>();
        for (CatalogModel model : ModelCatalog.bundled().models()) {
            JsonNode emulated = served.get(model.id());
            if (emulated == null) {
                disagreements.add(model.id() + ": not served by the emulator");
                continue;
            }
            List<String> profiles = new ArrayList<>();
            emulated.path("profiles").forEach(p -> profiles.add(p.asText()));
            if (!profiles.containsAll(model.profiles()) || !model.profiles().containsAll(profiles)) {
                disagreements.add(model.id() + ": profiles " + model.profiles() + " vs " + profiles);
            }
            // a model served on demand in some regions (Claude 3.5 Haiku in us-west-2) may still be
            // called through its profile everywhere; the reverse would send calls Bedrock refuses
            if (!model.profileRequired() && !emulated.path("onDemand").asBoolean(true)) {
                disagreements.add(model.id() + ": called on demand, but the emulator serves it only through a profile");
            }
            if (emulated.has("maxOutputTokens") && emulated.path("maxOutputTokens").asInt() != model.maxOutput()) {
                disagreements.add(model.id() + ": maxOutput " + model.maxOutput() + " vs " + emulated.path("maxOutputTokens"));
            }
            if (emulated.has("contextWindow") && emulated.path("contextWindow").asInt() != model.contextWindow()) {
                disagreements.add(model.id() + ": contextWindow " + model.contextWindow() + " vs " + emulated.path("contextWindow"));
            }
        }
        assertThat(disagreements).isEmpty();
    }
}

package dev.basalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.bedrock.CatalogModel;
import dev.basalt.bedrock.ModelRef;
import dev.basalt.core.Pricing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prices cost figures and the budget use: a {@code pricing.<model>} setting when there is one
 * (negotiated prices, a model newer than the catalog, a custom model), else the catalog's.
 */
final class ModelPrices {

    private ModelPrices() {
    }

    /**
     * The prices for {@code ref}, or null when neither the settings nor the catalog know them. The
     * setting may name the id sent, the catalog id (without the profile's geography) or an alias.
     */
    static Pricing of(ModelRef ref, Settings settings) {
        List<String> names = new ArrayList<>();
        names.add(ref.modelId());
        ref.model().ifPresent(model -> {
            names.add(model.id());
            names.addAll(model.aliases());
        });
        for (String name : names) {
            String key = Settings.PRICING + name;
            Optional<JsonNode> override = settings.node(key);
            if (override.isPresent()) {
                try {
                    return parse(override.get());
                } catch (IllegalArgumentException e) {
                    throw new UserError(ExitCode.USAGE, key + " in the settings: " + e.getMessage(),
                            "fix it with basalt config set " + key + " '{\"input\": 3, \"output\": 15}'");
                }
            }
        }
        return ref.model().map(CatalogModel::pricing).orElse(null);
    }

    /**
     * Reads {@code {"input": .., "output": .., "cacheRead": .., "cacheWrite": ..}} in USD per million
     * tokens; cache prices left out cost what input costs, as in the catalog.
     */
    static Pricing parse(JsonNode prices) {
        if (prices == null || !prices.isObject()) {
            throw new IllegalArgumentException("must be an object like {\"input\": 3, \"output\": 15}");
        }
        for (Map.Entry<String, JsonNode> field : prices.properties()) {
            if (!List.of("input", "output", "cacheRead", "cacheWrite").contains(field.getKey())) {
                throw new IllegalArgumentException("unknown price '" + field.getKey() + "' (prices are input, output, cacheRead, cacheWrite)");
            }
        }
        double input = price(prices, "input", null);
        return new Pricing(input, price(prices, "output", null), price(prices, "cacheRead", input), price(prices, "cacheWrite", input));
    }

    private static double price(JsonNode prices, String name, Double absent) {
        JsonNode value = prices.get(name);
        if (value == null || value.isNull()) {
            if (absent == null) {
                throw new IllegalArgumentException("'" + name + "' is required (USD per million tokens)");
            }
            return absent;
        }
        if (!value.isNumber() || value.asDouble() < 0 || !Double.isFinite(value.asDouble())) {
            throw new IllegalArgumentException("'" + name + "' must be a number of USD per million tokens, 0 or more");
        }
        return value.asDouble();
    }
}

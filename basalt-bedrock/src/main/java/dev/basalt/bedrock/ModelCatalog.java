package dev.basalt.bedrock;

import dev.basalt.core.Pricing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * The models Basalt knows, from the bundled {@code models.json}. Parsed with the SDK's own JSON
 * reader, which the provider already loads, so the catalog costs no extra library.
 */
public final class ModelCatalog {

    private final List<CatalogModel> models;

    public ModelCatalog(List<CatalogModel> models) {
        this.models = List.copyOf(models);
    }

    private static final class Bundled {
        static final ModelCatalog CATALOG = load();
    }

    /** The catalog shipped in the jar. */
    public static ModelCatalog bundled() {
        return Bundled.CATALOG;
    }

    public List<CatalogModel> models() {
        return models;
    }

    /**
     * By Bedrock id (with or without a geography prefix), alias, or the ARN of a foundation model or
     * system inference profile, ignoring case.
     */
    public Optional<CatalogModel> find(String idOrAlias) {
        String key = idOrAlias.toLowerCase(Locale.ROOT);
        if (key.startsWith("arn:") && key.contains("/")) {
            key = key.substring(key.lastIndexOf('/') + 1);
        }
        for (CatalogModel m : models) {
            if (m.id().equals(key) || m.aliases().contains(key)) {
                return Optional.of(m);
            }
        }
        String base = ModelRef.withoutGeography(key);
        return models.stream().filter(m -> m.id().equals(base)).findFirst();
    }

    private static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream("models.json")) {
            JsonNode root = JsonNodeParser.create().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<CatalogModel> models = new ArrayList<>();
            for (JsonNode m : root.field("models").orElseThrow().asArray()) {
                JsonNode price = m.field("price").orElseThrow();
                double input = number(price, "input", 0);
                models.add(new CatalogModel(
                        m.field("id").orElseThrow().asString(),
                        m.field("name").orElseThrow().asString(),
                        m.field("family").orElseThrow().asString(),
                        strings(m, "aliases"),
                        (int) number(m, "contextWindow", 0),
                        (int) number(m, "maxOutput", 0),
                        strings(m, "capabilities"),
                        new Pricing(input, number(price, "output", 0), number(price, "cacheRead", input), number(price, "cacheWrite", input)),
                        strings(m, "profiles"),
                        m.field("profileRequired").map(JsonNode::asBoolean).orElse(false),
                        api(m),
                        m.field("oneSampler").map(JsonNode::asBoolean).orElse(false)));
            }
            return new ModelCatalog(models);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled models.json cannot be read", e);
        }
    }

    /** {@code "api": "invoke"} marks a model AUTO sends its native body; absent means Converse. */
    private static BedrockApi api(JsonNode model) {
        String name = model.field("api").map(JsonNode::asString).orElse("converse");
        return BedrockApi.fromName(name).filter(api -> api != BedrockApi.AUTO).orElseThrow(() -> new IllegalStateException(
                "models.json: " + model.field("id").map(JsonNode::asString).orElse("?") + " has api '" + name
                        + "'; use converse or invoke"));
    }

    private static double number(JsonNode node, String field, double fallback) {
        return node.field(field).map(n -> Double.parseDouble(n.asNumber())).orElse(fallback);
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        node.field(field).ifPresent(array -> array.asArray().forEach(v -> out.add(v.asString())));
        return out;
    }
}

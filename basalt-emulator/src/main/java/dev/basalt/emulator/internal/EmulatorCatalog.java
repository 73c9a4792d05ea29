package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the emulator serves, read from its own {@code catalog.json}, and the rules Bedrock
 * applies to the ids clients send: plain ids, geography-prefixed inference-profile ids and ARNs.
 */
final class EmulatorCatalog {

    static final String ACCOUNT = "123456789012";
    static final List<String> GEOGRAPHIES = List.of("us-gov", "us", "eu", "apac", "jp", "au", "global");

    /**
     * One model of the catalog.
     *
     * @param family the InvokeModel body family: anthropic, nova, titan-text, titan-embed-v1,
     *     titan-embed-v2, cohere-embed, llama or mistral
     * @param onDemand whether the plain id may be invoked (else only through a profile)
     * @param profiles the geographies whose inference profile serves it
     * @param maxOutputTokens the most output tokens a request may ask for; 0 when not known (not checked)
     * @param contextWindow the model's context window in tokens; 0 when not known
     */
    record Model(String modelId, String name, String provider, String family, List<String> input, List<String> output,
                 boolean streaming, boolean onDemand, List<String> profiles, boolean countTokens, int maxOutputTokens,
                 int contextWindow) {

        boolean embeds() {
            return output.contains("EMBEDDING");
        }

        /** @throws BedrockErrorException Bedrock's words for a request asking more output than the model gives */
        void checkMaxTokens(java.util.OptionalInt requested) {
            if (maxOutputTokens > 0 && requested.isPresent() && requested.getAsInt() > maxOutputTokens) {
                throw new BedrockErrorException(BedrockError.validation("The maximum tokens you requested exceeds the "
                        + "model limit of " + maxOutputTokens + ". Try again with a maximum tokens value that is lower "
                        + "than " + maxOutputTokens + "."));
            }
        }
    }

    /** A model id as sent, resolved: the model, and the profile geography it came through (or null). */
    record Resolved(Model model, String geography) {
    }

    private final Map<String, Model> models;

    private EmulatorCatalog(Map<String, Model> models) {
        this.models = models;
    }

    static EmulatorCatalog load(ObjectMapper json) {
        try (InputStream in = EmulatorCatalog.class.getResourceAsStream("/dev/basalt/emulator/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("catalog.json is missing from the emulator's jar");
            }
            Map<String, Model> models = new LinkedHashMap<>();
            for (JsonNode m : json.readTree(in).path("models")) {
                Model model = new Model(m.path("modelId").asText(), m.path("name").asText(), m.path("provider").asText(),
                        m.path("family").asText(), strings(m.path("input")), strings(m.path("output")),
                        m.path("streaming").asBoolean(true), m.path("onDemand").asBoolean(), strings(m.path("profiles")),
                        m.path("countTokens").asBoolean(), m.path("maxOutputTokens").asInt(0),
                        m.path("contextWindow").asInt(0));
                models.put(model.modelId(), model);
            }
            return new EmulatorCatalog(models);
        } catch (IOException e) {
            throw new UncheckedIOException("catalog.json cannot be read", e);
        }
    }

    List<Model> models() {
        return List.copyOf(models.values());
    }

    Optional<Model> model(String modelId) {
        return Optional.ofNullable(models.get(modelId));
    }

    /**
     * Resolves an id as a runtime operation signed for {@code region} receives it: a profile id is
     * served only in the regions of its geography (a {@code global.} profile in every commercial one).
     * Bearer and unsigned requests name no region on the emulator's local address, so they are not checked.
     *
     * @throws BedrockErrorException Bedrock's ValidationException for an unknown id or a profile of
     *     another geography, and its on-demand message for a model served only through a profile
     */
    Resolved resolve(String sent, Optional<String> region) {
        Resolved resolved = resolve(sent);
        if (resolved.geography() != null && region.isPresent() && !serves(resolved.geography(), region.get())) {
            throw invalidIdentifier();
        }
        return resolved;
    }

    /**
     * Whether a geography's profiles serve callers in {@code region}: its own geography's (as the
     * control plane lists them), a country profile's regions, and {@code global.} outside GovCloud.
     */
    static boolean serves(String geography, String region) {
        if (geography.equals("global")) {
            return !region.startsWith("us-gov-");
        }
        return geography.equals(ControlPlane.geographyOf(region)) || regions(geography).contains(region);
    }

    /** Resolves an id regardless of the region it was signed for. */
    Resolved resolve(String sent) {
        String id = sent;
        if (id.startsWith("arn:")) {
            int slash = id.indexOf('/');
            String kind = slash < 0 ? "" : id.substring(id.lastIndexOf(':', slash) + 1, slash);
            if (!kind.equals("foundation-model") && !kind.equals("inference-profile")) {
                throw invalidIdentifier();
            }
            id = id.substring(slash + 1);
        }
        for (String geography : GEOGRAPHIES) {
            if (id.startsWith(geography + ".")) {
                Model model = models.get(id.substring(geography.length() + 1));
                if (model == null || !model.profiles().contains(geography)) {
                    throw invalidIdentifier();
                }
                return new Resolved(model, geography);
            }
        }
        Model model = models.get(id);
        if (model == null) {
            throw invalidIdentifier();
        }
        if (!model.onDemand()) {
            throw new BedrockErrorException(BedrockError.validation("Invocation of model ID " + model.modelId()
                    + " with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an "
                    + "inference profile that contains this model."));
        }
        return new Resolved(model, null);
    }

    /** The regions a geography's profile routes to, for the profile's model ARNs. */
    static List<String> regions(String geography) {
        switch (geography) {
            case "us": return List.of("us-east-1", "us-east-2", "us-west-2");
            case "eu": return List.of("eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1");
            case "apac": return List.of("ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "ap-south-1");
            case "jp": return List.of("ap-northeast-1", "ap-northeast-3");
            case "au": return List.of("ap-southeast-2", "ap-southeast-4");
            case "us-gov": return List.of("us-gov-west-1", "us-gov-east-1");
            default: return List.of("us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1");
        }
    }

    static BedrockErrorException invalidIdentifier() {
        return new BedrockErrorException(BedrockError.validation("The provided model identifier is invalid."));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }
}

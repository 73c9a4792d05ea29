package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The control-plane reads clients make on the runtime's base URL: ListFoundationModels,
 * GetFoundationModel, ListInferenceProfiles (Claude Code's first call) and GetInferenceProfile,
 * answered from the catalog with the region the request was signed for.
 */
final class ControlPlane {

    private static final String CREATED = "2025-01-01T00:00:00Z";

    private final ObjectMapper json;
    private final EmulatorCatalog catalog;

    ControlPlane(ObjectMapper json, EmulatorCatalog catalog) {
        this.json = json;
        this.catalog = catalog;
    }

    /** The answer body; throws BedrockErrorException for unknown resources and bad filters. */
    ObjectNode answer(Operation operation, String resourceId, Map<String, String> query, String region) {
        switch (operation) {
            case LIST_FOUNDATION_MODELS: return listModels(query, region);
            case GET_FOUNDATION_MODEL: return getModel(resourceId, region);
            case LIST_INFERENCE_PROFILES: return listProfiles(query, region);
            case GET_INFERENCE_PROFILE: return getProfile(resourceId, region);
            default: throw new IllegalArgumentException("not a control-plane operation: " + operation);
        }
    }

    private ObjectNode listModels(Map<String, String> query, String region) {
        String provider = query.get("byProvider");
        String output = query.get("byOutputModality");
        String inference = query.get("byInferenceType");
        ObjectNode body = json.createObjectNode();
        ArrayNode summaries = body.putArray("modelSummaries");
        for (EmulatorCatalog.Model model : catalog.models()) {
            if (provider != null && !model.provider().equalsIgnoreCase(provider)
                    && !model.modelId().startsWith(provider.toLowerCase(Locale.ROOT) + ".")) {
                continue;
            }
            if (output != null && !model.output().contains(output)) {
                continue;
            }
            if (inference != null && !inferenceTypes(model).contains(inference)) {
                continue;
            }
            if (query.containsKey("byCustomizationType")) {
                continue;   // the emulator's models support no customization (customizationsSupported is empty)
            }
            summaries.add(details(model, region));
        }
        return body;
    }

    private ObjectNode getModel(String modelId, String region) {
        String id = modelId.startsWith("arn:") ? modelId.substring(modelId.indexOf('/') + 1) : modelId;
        EmulatorCatalog.Model model = catalog.model(id).orElseThrow(() -> new BedrockErrorException(new BedrockError(404,
                "ResourceNotFoundException", "The model " + modelId + " does not exist.", BedrockError.BEDROCK)));
        ObjectNode body = json.createObjectNode();
        body.set("modelDetails", details(model, region));
        return body;
    }

    private ObjectNode details(EmulatorCatalog.Model model, String region) {
        ObjectNode node = json.createObjectNode();
        node.put("modelArn", "arn:aws:bedrock:" + region + "::foundation-model/" + model.modelId());
        node.put("modelId", model.modelId()).put("modelName", model.name()).put("providerName", model.provider());
        model.input().forEach(node.putArray("inputModalities")::add);
        model.output().forEach(node.putArray("outputModalities")::add);
        node.put("responseStreamingSupported", model.streaming());
        node.putArray("customizationsSupported");
        inferenceTypes(model).forEach(node.putArray("inferenceTypesSupported")::add);
        node.putObject("modelLifecycle").put("status", "ACTIVE");
        return node;
    }

    private static List<String> inferenceTypes(EmulatorCatalog.Model model) {
        List<String> types = new ArrayList<>();
        if (model.onDemand()) {
            types.add("ON_DEMAND");
        }
        if (!model.profiles().isEmpty()) {
            types.add("INFERENCE_PROFILE");
        }
        return types;
    }

    private ObjectNode listProfiles(Map<String, String> query, String region) {
        String type = query.getOrDefault("typeEquals", query.getOrDefault("type", "SYSTEM_DEFINED"));
        if (!type.equals("SYSTEM_DEFINED") && !type.equals("APPLICATION")) {
            throw new BedrockErrorException(BedrockError.validation("1 validation error detected: Value '" + type
                    + "' at 'typeEquals' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[SYSTEM_DEFINED, APPLICATION]"));
        }
        int maxResults = maxResults(query.get("maxResults"));
        int from = startAt(query.get("nextToken"));
        ObjectNode body = json.createObjectNode();
        ArrayNode summaries = body.putArray("inferenceProfileSummaries");
        if (type.equals("APPLICATION")) {
            return body;
        }
        // the profiles a runtime call signed for this region is served through, and only those
        List<ObjectNode> profiles = new ArrayList<>();
        for (EmulatorCatalog.Model model : catalog.models()) {
            for (String g : model.profiles()) {
                if (EmulatorCatalog.serves(g, region)) {
                    profiles.add(profile(model, g, region));
                }
            }
        }
        int to = Math.min(profiles.size(), from + maxResults);
        profiles.subList(Math.min(from, to), to).forEach(summaries::add);
        if (to < profiles.size()) {
            body.put("nextToken", Base64.getEncoder().encodeToString(("profiles:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return body;
    }

    /** Bedrock's page size: 1 to 1000; the whole list when not asked. */
    private static int maxResults(String sent) {
        if (sent == null) {
            return Integer.MAX_VALUE;
        }
        int value;
        try {
            value = Integer.parseInt(sent);
        } catch (NumberFormatException e) {
            throw new BedrockErrorException(BedrockError.serialization("STRING_VALUE can not be converted to an Integer"));
        }
        if (value < 1 || value > 1000) {
            throw new BedrockErrorException(BedrockError.validation("1 validation error detected: Value '" + value
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value "
                    + (value < 1 ? "greater than or equal to 1" : "less than or equal to 1000")));
        }
        return value;
    }

    /** Where the page a nextToken names starts; the token is opaque to clients, who send it back as given. */
    private static int startAt(String token) {
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("profiles:")) {
                int at = Integer.parseInt(decoded.substring("profiles:".length()));
                if (at >= 0) {
                    return at;
                }
            }
        } catch (IllegalArgumentException e) {
            // refused below, as a token this emulator did not give out
        }
        throw new BedrockErrorException(BedrockError.validation("The pagination token is invalid: send back the "
                + "nextToken of a previous ListInferenceProfiles answer."));
    }

    private ObjectNode getProfile(String profileId, String region) {
        String id = profileId.startsWith("arn:") ? profileId.substring(profileId.indexOf('/') + 1) : profileId;
        for (String g : EmulatorCatalog.GEOGRAPHIES) {
            if (id.startsWith(g + ".")) {
                var model = catalog.model(id.substring(g.length() + 1));
                if (model.isPresent() && model.get().profiles().contains(g)) {
                    return profile(model.get(), g, region);
                }
            }
        }
        throw new BedrockErrorException(new BedrockError(404, "ResourceNotFoundException",
                "Inference profile " + profileId + " not found.", BedrockError.BEDROCK));
    }

    private ObjectNode profile(EmulatorCatalog.Model model, String geography, String region) {
        String id = geography + "." + model.modelId();
        String label = geography.equals("global") ? "Global" : geography.toUpperCase(Locale.ROOT);
        ObjectNode node = json.createObjectNode();
        node.put("inferenceProfileName", label + " " + model.name());
        node.put("description", "Routes requests to " + model.name() + " in " + label + " regions.");
        node.put("createdAt", CREATED).put("updatedAt", CREATED);
        node.put("inferenceProfileArn", "arn:aws:bedrock:" + region + ":" + EmulatorCatalog.ACCOUNT + ":inference-profile/" + id);
        ArrayNode models = node.putArray("models");
        for (String r : EmulatorCatalog.regions(geography)) {
            models.addObject().put("modelArn", "arn:aws:bedrock:" + r + "::foundation-model/" + model.modelId());
        }
        node.put("inferenceProfileId", id).put("status", "ACTIVE").put("type", "SYSTEM_DEFINED");
        return node;
    }

    /** The profile geography a region belongs to. */
    static String geographyOf(String region) {
        if (region.startsWith("us-gov-")) {
            return "us-gov";
        }
        if (region.startsWith("us-") || region.startsWith("ca-")) {
            return "us";
        }
        if (region.startsWith("eu-")) {
            return "eu";
        }
        if (region.equals("ap-northeast-1") || region.equals("ap-northeast-3")) {
            return "apac";
        }
        return region.startsWith("ap-") ? "apac" : "us";
    }
}

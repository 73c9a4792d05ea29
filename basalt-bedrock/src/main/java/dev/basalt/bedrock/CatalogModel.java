package dev.basalt.bedrock;

import dev.basalt.core.Pricing;
import java.util.List;
import java.util.Objects;

/**
 * One model of the catalog: its Bedrock id, the aliases users type, limits, capabilities, on-demand
 * prices and the cross-region inference profiles it is offered through.
 *
 * @param profileRequired true when Bedrock serves it on demand only through an inference profile
 * @param api the API {@link BedrockApi#AUTO} calls it through: {@link BedrockApi#CONVERSE}, or
 *     {@link BedrockApi#INVOKE} for a model Converse serves worse than its native body
 * @param oneSampler true when the model takes temperature or topP but refuses the two together
 */
public record CatalogModel(String id, String name, String family, List<String> aliases, int contextWindow, int maxOutput,
        List<String> capabilities, Pricing pricing, List<String> profiles, boolean profileRequired, BedrockApi api,
        boolean oneSampler) {

    public CatalogModel {
        aliases = List.copyOf(aliases);
        capabilities = List.copyOf(capabilities);
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(api, "api");
        if (api == BedrockApi.AUTO) {
            throw new IllegalArgumentException(id + ": a catalog entry names the API it needs, converse or invoke, not auto");
        }
    }

    /** A model called through Converse. */
    public CatalogModel(String id, String name, String family, List<String> aliases, int contextWindow, int maxOutput,
            List<String> capabilities, Pricing pricing, List<String> profiles, boolean profileRequired) {
        this(id, name, family, aliases, contextWindow, maxOutput, capabilities, pricing, profiles, profileRequired,
                BedrockApi.CONVERSE, false);
    }

    public boolean supports(String capability) {
        return capabilities.contains(capability);
    }
}

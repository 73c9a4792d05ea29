package dev.basalt.bedrock;

import dev.basalt.core.Pricing;
import java.util.List;

/**
 * One model of the catalog: its Bedrock id, the aliases users type, limits, capabilities, on-demand
 * prices and the cross-region inference profiles it is offered through.
 *
 * @param profileRequired true when Bedrock serves it on demand only through an inference profile
 */
public record CatalogModel(String id, String name, String family, List<String> aliases, int contextWindow, int maxOutput,
        List<String> capabilities, Pricing pricing, List<String> profiles, boolean profileRequired) {

    public CatalogModel {
        aliases = List.copyOf(aliases);
        capabilities = List.copyOf(capabilities);
        profiles = List.copyOf(profiles);
    }

    public boolean supports(String capability) {
        return capabilities.contains(capability);
    }
}
